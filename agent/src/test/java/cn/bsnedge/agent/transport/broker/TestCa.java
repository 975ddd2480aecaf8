package cn.bsnedge.agent.transport.broker;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throwaway certificate authority for TLS tests, made with Bouncy Castle at test time (nothing
 * is committed): EC P-256 keys, a CA, and server and client certificates written as PEM files the
 * way openssl would, for Mosquitto and for the link alike. Server certificates name 127.0.0.1 and
 * localhost, so the client's host name check passes on loopback.
 */
public final class TestCa {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final String name;
    private final KeyPair key;
    private final X509CertificateHolder cert;
    private final Path dir;

    private TestCa(String name, KeyPair key, X509CertificateHolder cert, Path dir) {
        this.name = name;
        this.key = key;
        this.cert = cert;
        this.dir = dir;
    }

    /** A new CA whose files go to {@code dir}; its certificate is {@link #certFile()}. */
    public static TestCa create(String name, Path dir) throws GeneralSecurityException, IOException {
        KeyPair key = ecKey();
        X500Name subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder b = builder(subject, subject, key);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
        X509CertificateHolder cert = b.build(signer(key));
        TestCa ca = new TestCa(name, key, cert, dir);
        write(ca.certFile(), cert);
        return ca;
    }

    public Path certFile() {
        return dir.resolve(name + ".pem");
    }

    /** A server certificate for 127.0.0.1 and localhost. */
    public Issued server(String cn) throws GeneralSecurityException, IOException {
        return issue(cn, KeyPurposeId.id_kp_serverAuth, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
    }

    /** A client certificate, e.g. for a gateway. */
    public Issued client(String cn) throws GeneralSecurityException, IOException {
        return issue(cn, KeyPurposeId.id_kp_clientAuth, null);
    }

    /** A certificate and its key (unencrypted PKCS#8), as PEM files. */
    public record Issued(Path cert, Path key) {
    }

    private Issued issue(String cn, KeyPurposeId purpose, GeneralNames san) throws GeneralSecurityException, IOException {
        KeyPair k = ecKey();
        X509v3CertificateBuilder b = builder(cert.getSubject(), new X500Name("CN=" + cn), k);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(key.getPublic()));
        if (san != null) {
            b.addExtension(Extension.subjectAlternativeName, false, san);
        }
        X509CertificateHolder issued = b.build(signer(key));
        String base = name + "-" + cn;
        Path certPath = dir.resolve(base + ".pem");
        Path keyPath = dir.resolve(base + ".key");
        write(certPath, issued);
        write(keyPath, new JcaPKCS8Generator(k.getPrivate(), null).generate());
        return new Issued(certPath, keyPath);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair key) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, key.getPublic());
    }

    private static ContentSigner signer(KeyPair key) throws GeneralSecurityException {
        try {
            return new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate());
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair ecKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static void write(Path file, Object pemObject) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(pemObject);
        }
    }
}
