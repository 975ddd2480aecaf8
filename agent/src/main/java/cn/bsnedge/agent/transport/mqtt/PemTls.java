package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.TlsFiles;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The TLS 1.3 context of a link, from PEM files as brokers and openssl write them. Bouncy Castle
 * reads the PEM; the JDK does the TLS. Every problem is reported with the file and what it should hold.
 */
final class PemTls {

    private PemTls() {
    }

    static SSLSocketFactory socketFactory(TlsFiles files) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            List<X509Certificate> cas = certificates("mqtt.tls.caCert", files.caCert());
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);

            KeyManagerFactory kmf = null;
            if (files.clientCert().isPresent()) {
                Path certFile = files.clientCert().get();
                Path keyFile = files.clientKey().orElseThrow();
                List<X509Certificate> chain = certificates("mqtt.tls.clientCert", certFile);
                PrivateKey key = privateKey(keyFile);
                checkPair(chain.getFirst(), key, certFile, keyFile);
                char[] none = new char[0];
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("client", key, none, chain.toArray(X509Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, none);
            }
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("mqtt.tls: cannot set up TLS 1.3 from " + files + ": " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(String key, Path file) throws IOException, GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    out.add(converter.getCertificate(holder));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(key + " " + file + ": no certificate found; expected PEM with -----BEGIN CERTIFICATE-----");
        }
        return out;
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        Object o;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            do {
                o = pem.readObject();
            } while (o != null && !(o instanceof PEMKeyPair || o instanceof PrivateKeyInfo
                    || o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo));
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        return switch (o) {
            case PEMKeyPair pair -> converter.getPrivateKey(pair.getPrivateKeyInfo());
            case PrivateKeyInfo info -> converter.getPrivateKey(info);
            case null -> throw new IllegalArgumentException("mqtt.tls.clientKey " + file
                    + ": no private key found; expected PEM with -----BEGIN PRIVATE KEY----- (or RSA/EC PRIVATE KEY)");
            default -> throw new IllegalArgumentException("mqtt.tls.clientKey " + file
                    + ": the key is encrypted; store it unencrypted, readable only by the agent (mode 0600)");
        };
    }

    /** Fails early and clearly if the key is not the certificate's, instead of in the handshake. */
    private static void checkPair(X509Certificate cert, PrivateKey key, Path certFile, Path keyFile) throws GeneralSecurityException {
        String alg = switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (alg == null) {
            return; // the handshake will tell
        }
        byte[] probe = "bsn-edge key check".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(probe);
        byte[] sig = s.sign();
        boolean ok;
        try {
            Signature v = Signature.getInstance(alg);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            ok = v.verify(sig);
        } catch (GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) {
            throw new IllegalArgumentException("mqtt.tls.clientKey " + keyFile + " is not the key of mqtt.tls.clientCert " + certFile
                    + " (" + cert.getSubjectX500Principal() + ")");
        }
    }
}
