package cn.bsnedge.ledger.crypto.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.util.function.Supplier;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.DSAKCalculator;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * SM2 digital signature (GB/T 32918.2-2016 §6) with SM3.
 *
 * <p>Signing is implemented here rather than with Bouncy Castle's {@code SM2Signer}
 * because, as of 1.86, that class hard-wires a random k ({@code RandomDSAKCalculator}) and
 * takes no {@code DSAKCalculator}. Gateways need a deterministic k (weak boot entropy;
 * re-signing after a crash must reproduce the bytes), so k comes from an injected
 * calculator, by default RFC 6979's HMAC-DRBG instantiated with SM3 and fed the SM2
 * digest e. That choice is ours, not part of GB/T 32918; any SM2 verifier accepts the result.
 *
 * <p>Verification uses Bouncy Castle's {@code SM2Signer} with plain r||s encoding, so every
 * round-trip test also checks our signer (Z, e, r, s) against an independent implementation.
 */
final class Sm2Algorithm implements SignatureAlgorithm {

    /** Default distinguishing identifier, GB/T 35276-2017 §5.5 ("1234567812345678"). */
    static final byte[] DEFAULT_USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    private static final Sm2Algorithm STANDARD = new Sm2Algorithm(
            new ECDomainParameters(GMNamedCurves.getByName("sm2p256v1")),
            DEFAULT_USER_ID,
            () -> new HMacDSAKCalculator(new SM3Digest()));

    private final ECDomainParameters domain;
    private final byte[] userId;
    private final Supplier<DSAKCalculator> kCalculators;
    private final ECMultiplier multiplier = new FixedPointCombMultiplier();

    /**
     * Explicit domain parameters and k source, so tests can run the GB/T 32918.2 Annex A
     * example (its own Fp-256 curve and fixed k) through this exact code path.
     */
    Sm2Algorithm(ECDomainParameters domain, byte[] userId, Supplier<DSAKCalculator> kCalculators) {
        // ENTL_A is a 2-byte count of *bits* in the ID (GB/T 32918.2 §5.5).
        if (userId.length > 0xFFFF / 8) {
            throw new IllegalArgumentException("SM2 user ID is " + userId.length + " bytes, want at most 8191");
        }
        this.domain = domain;
        this.userId = userId.clone();
        this.kCalculators = kCalculators;
    }

    static Sm2Algorithm standard() {
        return STANDARD;
    }

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

    /** Z_A = SM3(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A), GB/T 32918.2 §5.5. */
    byte[] userHash(ECPoint publicPoint) {
        SM3Digest digest = new SM3Digest();
        int bits = userId.length * 8;
        digest.update((byte) (bits >>> 8));
        digest.update((byte) bits);
        digest.update(userId, 0, userId.length);
        ECPoint g = domain.getG().normalize();
        ECPoint q = publicPoint.normalize();
        for (byte[] part : new byte[][] {
            domain.getCurve().getA().getEncoded(), domain.getCurve().getB().getEncoded(),
            g.getAffineXCoord().getEncoded(), g.getAffineYCoord().getEncoded(),
            q.getAffineXCoord().getEncoded(), q.getAffineYCoord().getEncoded()
        }) {
            digest.update(part, 0, part.length);
        }
        byte[] z = new byte[digest.getDigestSize()];
        digest.doFinal(z, 0);
        return z;
    }

    /** e = SM3(Z_A || M), steps A1-A2 of GB/T 32918.2 §6.1. */
    byte[] messageDigest(ECPoint publicPoint, byte[] message) {
        SM3Digest digest = new SM3Digest();
        byte[] z = userHash(publicPoint);
        digest.update(z, 0, z.length);
        digest.update(message, 0, message.length);
        byte[] e = new byte[digest.getDigestSize()];
        digest.doFinal(e, 0);
        return e;
    }

    /** Steps A3-A7 of GB/T 32918.2 §6.1; returns {r, s}. */
    BigInteger[] signDigest(BigInteger d, byte[] eBytes) {
        BigInteger n = domain.getN();
        BigInteger e = new BigInteger(1, eBytes);
        DSAKCalculator kCalculator = kCalculators.get();
        kCalculator.init(n, d, eBytes);
        BigInteger inverse = d.add(BigInteger.ONE).modInverse(n);
        while (true) {
            BigInteger k = kCalculator.nextK();
            BigInteger x1 = multiplier.multiply(domain.getG(), k).normalize().getAffineXCoord().toBigInteger();
            BigInteger r = e.add(x1).mod(n);
            if (r.signum() == 0 || r.add(k).equals(n)) {
                continue; // A5: this k would leak d or give a degenerate r; take the next one.
            }
            BigInteger s = inverse.multiply(k.subtract(r.multiply(d))).mod(n);
            if (s.signum() == 0) {
                continue; // A6
            }
            return new BigInteger[] {r, s};
        }
    }

    @Override
    public VerifyingKey parsePublicKey(byte[] encoded) throws InvalidKeyException {
        ECPublicKeyParameters key = new ECPublicKeyParameters(EcEncoding.decodePoint(domain, encoded), domain);
        ParametersWithID keyWithId = new ParametersWithID(key, userId);
        return (signature, message) -> {
            EcEncoding.decodeSignature(domain, signature); // length and range, with a reason
            SM2Signer verifier = new SM2Signer(PlainDSAEncoding.INSTANCE, new SM3Digest());
            verifier.init(false, keyWithId);
            verifier.update(message, 0, message.length);
            if (!verifier.verifySignature(signature)) {
                throw new SignatureException("signature does not match message and key");
            }
        };
    }

    @Override
    public SigningKey parsePrivateKey(byte[] encoded) throws InvalidKeyException {
        // d = n-1 is excluded: step A6 needs (1 + d)^-1 mod n, and 1 + (n-1) = n has none.
        BigInteger max = domain.getN().subtract(BigInteger.TWO);
        BigInteger d = EcEncoding.decodeScalar(domain, encoded, max, "n-2");
        ECPoint q = multiplier.multiply(domain.getG(), d).normalize();
        byte[] publicKey = EcEncoding.encodePoint(q);
        return new SigningKey() {
            @Override
            public byte[] publicKey() {
                return publicKey.clone();
            }

            @Override
            public byte[] sign(byte[] message) {
                BigInteger[] rs = signDigest(d, messageDigest(q, message));
                return EcEncoding.encodeSignature(domain, rs[0], rs[1]);
            }
        };
    }

    @Override
    public byte[] generatePrivateKey(SecureRandom random) {
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, domain.getN().subtract(BigInteger.TWO), random);
        return EcEncoding.encodeScalar(domain, d);
    }
}
