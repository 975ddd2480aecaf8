package cn.bsnedge.agent.keys;

import cn.bsnedge.agent.json.JsonFields;
import cn.bsnedge.agent.json.StreamingJson;
import cn.bsnedge.ledger.bundle.TrustedKey;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The gateway's signing key on disk: {@code keys/gateway.key} (mode 0600) in the data directory,
 * and its public half in {@code trust/} for the city. An existing key is never overwritten:
 * a new key would start a second chain under the same gateway id.
 */
public final class GatewayKeyFile {

    public static final String FORMAT = "bsn-edge-private-key/1";

    /** A loaded identity: who this gateway is and the key it signs with. */
    public record GatewayIdentity(String gatewayId, PrivateKey key) {
        public TrustedKey trustedKey() {
            return new TrustedKey(gatewayId, key.publicKey());
        }
    }

    private GatewayKeyFile() {
    }

    public static Path keyFile(Path dataDir) {
        return dataDir.resolve("keys").resolve("gateway.key");
    }

    /** The trust file name for a gateway id: '/' is not allowed in file names. */
    public static Path trustFile(Path trustDir, String gatewayId) {
        return trustDir.resolve(gatewayId.replace('/', '_') + ".json");
    }

    /**
     * Loads the key in {@code dataDir}, or creates one for {@code gatewayId} and {@code suite}.
     * An existing key must match both: a different suite or id would silently fork the chain.
     */
    public static GatewayIdentity loadOrCreate(Path dataDir, String gatewayId, CryptoSuite suite, SecureRandom random)
            throws IOException, GeneralSecurityException {
        Path file = keyFile(dataDir);
        if (!Files.exists(file)) {
            GatewayIdentity created = new GatewayIdentity(gatewayId, PrivateKey.generate(suite, random));
            try {
                write(file, created);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first; fall through and use theirs.
            }
        }
        GatewayIdentity id = load(file);
        if (id.key().suite() != suite) {
            throw new GeneralSecurityException(file + " holds a " + id.key().suite().label() + " key, but "
                    + suite.label() + " was asked for; a new suite starts a new chain, so use another data directory");
        }
        if (!id.gatewayId().equals(gatewayId)) {
            throw new GeneralSecurityException(file + " belongs to gateway " + id.gatewayId() + ", not " + gatewayId);
        }
        return id;
    }

    public static GatewayIdentity load(Path file) throws IOException, GeneralSecurityException {
        JsonFields n = StreamingJson.parseObject(Files.readString(file), file.toString());
        if (!FORMAT.equals(n.textOrNull("format"))) {
            throw new GeneralSecurityException(file + ": not a " + FORMAT + " key file");
        }
        CryptoSuite suite = CryptoSuite.fromLabel(n.text("suite"));
        PrivateKey key = PrivateKey.fromEncoded(suite, HexFormat.of().parseHex(n.text("privateKey")));
        return new GatewayIdentity(n.text("gateway"), key);
    }

    private static void write(Path file, GatewayIdentity id) throws IOException {
        Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        String json = StreamingJson.prettyObject(g -> {
            g.writeStringField("format", FORMAT);
            g.writeStringField("gateway", id.gatewayId());
            g.writeStringField("suite", id.key().suite().label());
            g.writeStringField("privateKey", HexFormat.of().formatHex(id.key().encoded()));
        });
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        // Created 0600 from the first byte; fsynced before the rename so a power cut leaves
        // either no key or a whole one, never an empty file that a restart would trip over.
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ch.write(ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        if (Files.exists(file)) {
            Files.delete(tmp);
            throw new FileAlreadyExistsException(file.toString());
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes (or refreshes) the public trust file for the city. */
    public static Path writeTrustFile(Path trustDir, GatewayIdentity id) throws IOException {
        Files.createDirectories(trustDir);
        Path f = trustFile(trustDir, id.gatewayId());
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        Files.writeString(tmp, id.trustedKey().toJson());
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return f;
    }
}
