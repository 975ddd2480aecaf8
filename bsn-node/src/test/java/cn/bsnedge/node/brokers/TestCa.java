package cn.bsnedge.node.brokers;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;

/** A throwaway CA issuing a broker certificate for 127.0.0.1 and client certificates, as PEM files. */
public final class TestCa {

    private final String name;
    private final KeyPair key;
    private final X509Certificate cert;
    private long serial = 2;

    public TestCa(String name) throws Exception {
        this.name = name;
        this.key = ecKey();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + name), BigInteger.ONE,
                new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 86_400_000L),
                new X500Name("CN=" + name), key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        this.cert = sign(b, key);
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    public Path writeCa(Path dir) throws Exception {
        return write(dir.resolve(name + "-ca.pem"), "CERTIFICATE", cert.getEncoded());
    }

    /** Issues a certificate for {@code cn} (with IP SAN 127.0.0.1); writes {@code <cn>.pem} and {@code <cn>.key}. */
    public Path[] issue(Path dir, String cn) throws Exception {
        KeyPair k = ecKey();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(cert, BigInteger.valueOf(serial++),
                new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 86_400_000L),
                new X500Name("CN=" + cn), k.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.dNSName, "localhost")}));
        X509Certificate c = sign(b, key);
        return new Path[] {write(dir.resolve(cn + ".pem"), "CERTIFICATE", c.getEncoded()),
                write(dir.resolve(cn + ".key"), "PRIVATE KEY", k.getPrivate().getEncoded())};
    }

    private static Path write(Path f, String type, byte[] der) throws Exception {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        Files.writeString(f, "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n");
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        return f;
    }
}
