package cn.bsnedge.agent.provision;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;

/**
 * The PKCS#10 certificate signing request for the MQTT client key, for the city's CA:
 * subject {@code CN=<gateway id>}, signed SHA256withECDSA by the key it requests a certificate
 * for. Its key's hash goes into the signed registration request (FORMAT.md §10.1), which is how
 * the CA knows the CSR comes from the gateway the city registered.
 */
final class ClientCsr {

    private ClientCsr() {
    }

    static PKCS10CertificationRequest create(String gatewayId, KeyPair key) throws GeneralSecurityException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, gatewayId).build();
        try {
            return new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the CSR: " + e.getMessage(), e);
        }
    }

    static String pem(PKCS10CertificationRequest csr) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(csr);
        }
        return out.toString();
    }

    /** Reads a PEM CSR and checks its self-signature; {@code file} names it in errors. */
    static PKCS10CertificationRequest read(Path file) throws IOException, GeneralSecurityException {
        Object o;
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            o = p.readObject();
        }
        if (!(o instanceof PKCS10CertificationRequest csr)) {
            throw new GeneralSecurityException(file + ": not a PEM certificate request (-----BEGIN CERTIFICATE REQUEST-----)");
        }
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
                throw new GeneralSecurityException(file + ": the request's signature does not verify");
            }
        } catch (OperatorCreationException | PKCSException e) {
            throw new GeneralSecurityException(file + ": cannot check the request's signature: " + e.getMessage(), e);
        }
        return csr;
    }

    /** The CN of the request's subject. */
    static String commonName(PKCS10CertificationRequest csr) {
        var rdns = csr.getSubject().getRDNs(BCStyle.CN);
        return rdns.length == 0 ? "" : rdns[0].getFirst().getValue().toString();
    }

    /** SHA-256 of the DER SubjectPublicKeyInfo: what FORMAT.md §10.1 calls mqttKeySha256. */
    static byte[] keySha256(PKCS10CertificationRequest csr) throws IOException, GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(csr.getSubjectPublicKeyInfo().getEncoded("DER"));
    }

    /** True when {@code csr} asks for a certificate for {@code key}: a signature by the key verifies under the CSR's key. */
    static boolean isFor(PKCS10CertificationRequest csr, KeyPair key) throws IOException, GeneralSecurityException {
        byte[] probe = "bsn-edge csr key check".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key.getPrivate());
        s.update(probe);
        byte[] sig = s.sign();
        java.security.PublicKey csrKey = java.security.KeyFactory.getInstance("EC").generatePublic(
                new java.security.spec.X509EncodedKeySpec(csr.getSubjectPublicKeyInfo().getEncoded("DER")));
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(csrKey);
        v.update(probe);
        return v.verify(sig);
    }
}
