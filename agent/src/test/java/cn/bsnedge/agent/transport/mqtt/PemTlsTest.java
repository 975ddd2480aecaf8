package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.TlsFiles;
import cn.bsnedge.agent.transport.broker.TestCa;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PemTlsTest {

    @TempDir
    Path dir;

    private String refused(TlsFiles files) {
        return assertThrows(IllegalArgumentException.class, () -> PemTls.socketFactory(files)).getMessage();
    }

    private static PrivateKey otherKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair().getPrivate();
    }

    @Test
    void socketFactory_pkcs8AndTraditionalKeys_bothLoad() throws Exception {
        TestCa ca = TestCa.create("ca", dir);
        TestCa.Issued gw = ca.client("gw");
        assertNotNull(PemTls.socketFactory(TlsFiles.mutual(ca.certFile(), gw.cert(), gw.key())));

        // openssl ecparam -genkey writes "BEGIN EC PRIVATE KEY" (SEC1); the same key in that form:
        PrivateKey key;
        try (var r = Files.newBufferedReader(gw.key()); var pem = new org.bouncycastle.openssl.PEMParser(r)) {
            key = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter()
                    .getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) pem.readObject());
        }
        Path sec1 = dir.resolve("gw-sec1.key");
        var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.getEncoded());
        var ecKey = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ((java.security.interfaces.ECPrivateKey) key).getS(),
                info.getPrivateKeyAlgorithm().getParameters()); // with the curve, as openssl writes it
        try (Writer w = Files.newBufferedWriter(sec1); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", ecKey.getEncoded()));
        }
        assertTrue(Files.readString(sec1).contains("BEGIN EC PRIVATE KEY"));
        assertNotNull(PemTls.socketFactory(TlsFiles.mutual(ca.certFile(), gw.cert(), sec1)));
        assertNotNull(PemTls.socketFactory(TlsFiles.serverOnly(ca.certFile())));
    }

    @Test
    void socketFactory_caFileWithoutCertificate_namesTheKeyAndFile() throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "hello\n", StandardCharsets.US_ASCII);
        String m = refused(TlsFiles.serverOnly(notPem));
        assertTrue(m.contains("mqtt.tls.caCert " + notPem + ": no certificate found"), m);
    }

    @Test
    void socketFactory_keyOfAnotherCertificate_saysSoBeforeAnyHandshake() throws Exception {
        TestCa ca = TestCa.create("ca", dir);
        TestCa.Issued gw = ca.client("gw");
        Path wrong = dir.resolve("wrong.key");
        try (Writer w = Files.newBufferedWriter(wrong); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(new JcaPKCS8Generator(otherKey(), null).generate());
        }
        String m = refused(TlsFiles.mutual(ca.certFile(), gw.cert(), wrong));
        assertTrue(m.contains("mqtt.tls.clientKey " + wrong + " is not the key of mqtt.tls.clientCert " + gw.cert()), m);
    }

    @Test
    void socketFactory_encryptedKey_refusedWithTheWayOut() throws Exception {
        TestCa ca = TestCa.create("ca", dir);
        TestCa.Issued gw = ca.client("gw");
        Path encrypted = dir.resolve("enc.key");
        try (Writer w = Files.newBufferedWriter(encrypted); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(new JcaPKCS8Generator(otherKey(),
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                            .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                            .setPassword("pw".toCharArray()).build()).generate());
        }
        String m = refused(TlsFiles.mutual(ca.certFile(), gw.cert(), encrypted));
        assertTrue(m.contains("the key is encrypted; store it unencrypted"), m);
    }

    @Test
    void socketFactory_missingFile_namesIt() {
        Path missing = dir.resolve("nope.pem");
        String m = refused(TlsFiles.serverOnly(missing));
        assertTrue(m.contains(missing.toString()), m);
    }
}
