package cn.bsnedge.ledger.crypto.internal;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.SignatureException;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * Fixed-length encodings shared by the two Weierstrass-curve suites (SM2, P-256): SEC1
 * uncompressed points, 32-byte big-endian scalars, and r||s signatures. Fixed lengths keep
 * block headers a constant size and avoid DER's several encodings of one signature.
 */
final class EcEncoding {

    /** SEC1 tag for an uncompressed point. Compressed points are refused: one key, one encoding. */
    static final byte UNCOMPRESSED = 0x04;

    private EcEncoding() {}

    static int fieldLength(ECDomainParameters domain) {
        return (domain.getCurve().getFieldSize() + 7) / 8;
    }

    static int scalarLength(ECDomainParameters domain) {
        return (domain.getN().bitLength() + 7) / 8;
    }

    static int pointLength(ECDomainParameters domain) {
        return 1 + 2 * fieldLength(domain);
    }

    static byte[] encodePoint(ECPoint point) {
        return point.normalize().getEncoded(false);
    }

    /** Decodes 0x04||X||Y and insists the point is on the curve, in the subgroup, not infinity. */
    static ECPoint decodePoint(ECDomainParameters domain, byte[] encoded) throws InvalidKeyException {
        int want = pointLength(domain);
        if (encoded.length != want) {
            throw new InvalidKeyException("got " + encoded.length + " bytes, want " + want);
        }
        if (encoded[0] != UNCOMPRESSED) {
            throw new InvalidKeyException(String.format(
                    "first byte is 0x%02x, want 0x04 (uncompressed SEC1 point)", encoded[0] & 0xff));
        }
        ECPoint point;
        try {
            // decodePoint rejects coordinates >= p and points that fail the curve equation.
            point = domain.getCurve().decodePoint(encoded);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException("point is not on the curve (" + e.getMessage() + ")", e);
        }
        try {
            return domain.validatePublicPoint(point);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException("point is not a valid public key (" + e.getMessage() + ")", e);
        }
    }

    static byte[] encodeScalar(ECDomainParameters domain, BigInteger value) {
        return BigIntegers.asUnsignedByteArray(scalarLength(domain), value);
    }

    /** Decodes a big-endian scalar and checks it is in [1, max]. */
    static BigInteger decodeScalar(ECDomainParameters domain, byte[] encoded, BigInteger max, String maxName)
            throws InvalidKeyException {
        int want = scalarLength(domain);
        if (encoded.length != want) {
            throw new InvalidKeyException("got " + encoded.length + " bytes, want " + want);
        }
        BigInteger d = new BigInteger(1, encoded);
        if (d.signum() == 0 || d.compareTo(max) > 0) {
            // Never print the value: it is (almost) a private key.
            throw new InvalidKeyException("scalar is outside [1, " + maxName + "]");
        }
        return d;
    }

    static byte[] encodeSignature(ECDomainParameters domain, BigInteger r, BigInteger s) {
        int len = scalarLength(domain);
        byte[] out = new byte[2 * len];
        BigIntegers.asUnsignedByteArray(r, out, 0, len);
        BigIntegers.asUnsignedByteArray(s, out, len, len);
        return out;
    }

    /** Splits r||s and checks both halves are in [1, n-1], as both ECDSA and SM2 verification require. */
    static BigInteger[] decodeSignature(ECDomainParameters domain, byte[] signature) throws SignatureException {
        int len = scalarLength(domain);
        if (signature.length != 2 * len) {
            throw new SignatureException("got " + signature.length + " bytes, want " + 2 * len);
        }
        BigInteger n = domain.getN();
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 0, len));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(signature, len, 2 * len));
        if (r.signum() == 0 || r.compareTo(n) >= 0) {
            throw new SignatureException("r is outside [1, n-1]");
        }
        if (s.signum() == 0 || s.compareTo(n) >= 0) {
            throw new SignatureException("s is outside [1, n-1]");
        }
        return new BigInteger[] {r, s};
    }
}
