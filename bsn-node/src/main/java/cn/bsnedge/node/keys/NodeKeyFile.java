package cn.bsnedge.node.keys;

import cn.bsnedge.ledger.bundle.TrustedNodeKey;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.entry.SensorCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
 * The node's receipt-signing key: {@code DATA/keys/node.key} (mode 0600, created on first run,
 * never overwritten), and its public half as a trust file (FORMAT.md §8) in {@code DATA/trust/}
 * for gateways and verifiers. A new key would make every earlier receipt unverifiable under the
 * published one, so an existing key must match the configured node id and suite.
 */
public final class NodeKeyFile {

    public static final String FORMAT = "bsn-edge-node-private-key/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who this node is and the key it signs receipts with. */
    public record NodeIdentity(String nodeId, PrivateKey key) {
        public TrustedNodeKey trustedKey() {
            return new TrustedNodeKey(nodeId, key.publicKey());
        }
    }

    private NodeKeyFile() {
    }

    public static Path keyFile(Path dataDir) {
        return dataDir.resolve("keys").resolve("node.key");
    }

    /** {@code DATA/trust/<node id with '/' as '_'>.json}. */
    public static Path trustFile(Path dataDir, String nodeId) {
        return dataDir.resolve("trust").resolve(nodeId.replace('/', '_') + ".json");
    }

    public static NodeIdentity loadOrCreate(Path dataDir, String nodeId, CryptoSuite suite, SecureRandom random)
            throws IOException, GeneralSecurityException {
        String problem = SensorCode.problem(nodeId);
        if (problem != null) {
            throw new IllegalArgumentException("node id '" + nodeId + "' " + problem);
        }
        Path file = keyFile(dataDir);
        if (!Files.exists(file)) {
            try {
                write(file, new NodeIdentity(nodeId, PrivateKey.generate(suite, random)));
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first: use theirs.
            }
        }
        NodeIdentity id = load(file);
        if (id.key().suite() != suite) {
            throw new GeneralSecurityException(file + " holds a " + id.key().suite().label() + " key, but " + suite.label()
                    + " was asked for; receipts already issued name the old key, so use another data directory for a new suite");
        }
        if (!id.nodeId().equals(nodeId)) {
            throw new GeneralSecurityException(file + " belongs to node " + id.nodeId() + ", not " + nodeId);
        }
        return id;
    }

    public static NodeIdentity load(Path file) throws IOException, GeneralSecurityException {
        JsonNode n = JSON.readTree(Files.readString(file));
        if (n == null || !FORMAT.equals(n.path("format").asText())) {
            throw new GeneralSecurityException(file + ": not a " + FORMAT + " key file");
        }
        CryptoSuite suite = CryptoSuite.fromLabel(n.path("suite").asText());
        PrivateKey key = PrivateKey.fromEncoded(suite, HexFormat.of().parseHex(n.path("privateKey").asText()));
        return new NodeIdentity(n.path("node").asText(), key);
    }

    private static void write(Path file, NodeIdentity id) throws IOException {
        Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        n.put("node", id.nodeId());
        n.put("suite", id.key().suite().label());
        n.put("privateKey", HexFormat.of().formatHex(id.key().encoded()));
        Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        // 0600 from the first byte, fsynced before the rename: a power cut leaves no key or a whole one.
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ch.write(ByteBuffer.wrap((n.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        if (Files.exists(file)) {
            Files.delete(tmp);
            throw new FileAlreadyExistsException(file.toString());
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes (or refreshes) {@code DATA/trust/<node>.json}, the public key gateways and verifiers trust. */
    public static Path writeTrustFile(Path dataDir, NodeIdentity id) throws IOException {
        Path f = trustFile(dataDir, id.nodeId());
        Files.createDirectories(f.getParent());
        Path tmp = f.resolveSibling(f.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.writeString(tmp, id.trustedKey().toJson());
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return f;
    }
}
