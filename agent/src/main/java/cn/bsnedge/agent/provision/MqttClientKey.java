package cn.bsnedge.agent.provision;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

import java.io.IOException;
import java.math.BigInteger;
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
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * The gateway's MQTT client key for TLS with the city's broker: EC P-256 (what every broker and
 * CA accepts), stored as an unencrypted PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----})
 * of mode 0600, which the JDK reads with {@link PKCS8EncodedKeySpec}, and mosquitto and OpenSSL
 * read as is. Separate from the ledger key: transport credentials expire and rotate, the
 * ledger key signs the chain for its whole life.
 */
final class MqttClientKey {

    static final String CURVE = "secp256r1";
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private MqttClientKey() {
    }

    static KeyPair generate(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(CURVE), random);
        return g.generateKeyPair();
    }

    /** Writes {@code key} to {@code file}, created 0600, fsynced, then renamed into place; never over an existing file. */
    static void write(Path file, KeyPair key) throws IOException {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getPrivate().getEncoded());
        byte[] pem = (BEGIN + "\n" + b64 + "\n" + END + "\n").getBytes(StandardCharsets.US_ASCII);
        Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ch.write(ByteBuffer.wrap(pem));
            ch.force(true);
        }
        if (Files.exists(file)) {
            Files.delete(tmp);
            throw new FileAlreadyExistsException(file.toString());
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a key {@link #write} wrote, with its public half recomputed from the private scalar. */
    static KeyPair load(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw new GeneralSecurityException(file + ": not a PKCS#8 PEM private key (want " + BEGIN + " … " + END + ")");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(BEGIN.length(), text.length() - END.length()));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(file + ": bad base64: " + e.getMessage());
        }
        KeyFactory ec = KeyFactory.getInstance("EC");
        if (!(ec.generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof ECPrivateKey priv)
                || priv.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new GeneralSecurityException(file + ": not an EC P-256 private key");
        }
        return new KeyPair(ec.generatePublic(new ECPublicKeySpec(publicPoint(priv.getS()), priv.getParams())), priv);
    }

    /** Q = d·G on P-256. */
    private static java.security.spec.ECPoint publicPoint(BigInteger d) {
        X9ECParameters p256 = CustomNamedCurves.getByName(CURVE);
        ECPoint q = new FixedPointCombMultiplier().multiply(p256.getG(), d).normalize();
        return new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
    }
}
