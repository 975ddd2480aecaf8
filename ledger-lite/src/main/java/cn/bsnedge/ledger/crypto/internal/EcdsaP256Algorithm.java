package cn.bsnedge.ledger.crypto.internal;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.security.SignatureException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * ECDSA over NIST P-256 with SHA-256. Nonces follow RFC 6979 (HMAC-SHA-256), so a gateway
 * with poor boot entropy cannot leak its key through a repeated k, and re-signing after a
 * crash reproduces the same bytes. s is not normalised to low-S: RFC 6979's own vectors
 * use high s, and verifiers here accept both.
 */
final class EcdsaP256Algorithm implements SignatureAlgorithm {

    static final EcdsaP256Algorithm INSTANCE = new EcdsaP256Algorithm();

    private final ECDomainParameters domain = new ECDomainParameters(CustomNamedCurves.getByName("P-256"));

    private EcdsaP256Algorithm() {}

    @Override
    public int publicKeyLength() {
        return EcEncoding.pointLength(domain);
    }

    @Override
    public int privateKeyLength() {
        return EcEncoding.scalarLength(domain);
    }

    @Override
    public int signatureLength() {
        return 2 * EcEncoding.scalarLength(domain);
    }

    private static byte[] sha256(byte[] message) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(message, 0, message.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    @Override
    public VerifyingKey parsePublicKey(byte[] encoded) throws InvalidKeyException {
        ECPublicKeyParameters key = new ECPublicKeyParameters(EcEncoding.decodePoint(domain, encoded), domain);
        return (signature, message) -> {
            BigInteger[] rs = EcEncoding.decodeSignature(domain, signature);
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, key);
            if (!verifier.verifySignature(sha256(message), rs[0], rs[1])) {
                throw new SignatureException("signature does not match message and key");
            }
        };
    }

    @Override
    public SigningKey parsePrivateKey(byte[] encoded) throws InvalidKeyException {
        BigInteger d = EcEncoding.decodeScalar(domain, encoded, domain.getN().subtract(BigInteger.ONE), "n-1");
        ECPrivateKeyParameters key = new ECPrivateKeyParameters(d, domain);
        ECPoint q = new FixedPointCombMultiplier().multiply(domain.getG(), d);
        byte[] publicKey = EcEncoding.encodePoint(q);
        return new SigningKey() {
            @Override
            public byte[] publicKey() {
                return publicKey.clone();
            }

            @Override
            public byte[] sign(byte[] message) {
                // New signer and k-calculator per call: both carry per-signature state.
                ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
                signer.init(true, key);
                BigInteger[] rs = signer.generateSignature(sha256(message));
                return EcEncoding.encodeSignature(domain, rs[0], rs[1]);
            }
        };
    }

    @Override
    public byte[] generatePrivateKey(SecureRandom random) {
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, domain.getN().subtract(BigInteger.ONE), random);
        return EcEncoding.encodeScalar(domain, d);
    }
}
