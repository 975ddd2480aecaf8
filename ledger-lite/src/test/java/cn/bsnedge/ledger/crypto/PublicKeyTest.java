package cn.bsnedge.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublicKeyTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** RFC 8032 §7.1 TEST 1 public key. */
    private static final String ED25519_TEST1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    /** RFC 6979 A.2.5 public key (P-256). */
    private static final String P256_RFC6979 = "04" + P256Rfc6979Test.UX + P256Rfc6979Test.UY;

    @Test
    void create_wrongLength_namesSuiteGotAndWant() {
        List<String> failures = new ArrayList<>();
        for (CryptoSuite suite : CryptoSuite.values()) {
            int want = suite.publicKeyLength();
            for (int length : new int[] {0, 1, want - 1, want + 1, 64, 33}) {
                if (length == want) {
                    continue;
                }
                try {
                    PublicKey.create(suite, new byte[length]);
                    failures.add(suite + ": " + length + " bytes accepted");
                } catch (GeneralSecurityException e) {
                    String expected = suite.label() + " public key: got " + length + " bytes, want " + want;
                    if (!expected.equals(e.getMessage())) {
                        failures.add(suite + ": got message '" + e.getMessage() + "', want '" + expected + "'");
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void create_invalidEcPoints_areRejected() throws GeneralSecurityException {
        List<String> failures = new ArrayList<>();
        for (CryptoSuite suite : List.of(CryptoSuite.SM2_SM3, CryptoSuite.P256_SHA256)) {
            byte[] valid = PrivateKey.generate(suite, RANDOM).publicKey().encoded();
            List<byte[]> bad = new ArrayList<>();
            byte[] offCurve = valid.clone();
            offCurve[64] ^= 0x01; // same x, y changed by one: neither y nor -y, so off the curve
            bad.add(offCurve);
            byte[] xTooBig = valid.clone();
            java.util.Arrays.fill(xTooBig, 1, 33, (byte) 0xff); // x >= p
            bad.add(xTooBig);
            bad.add(new byte[65]); // 0x00 prefix: infinity is not a public key
            byte[] zeroPoint = new byte[65];
            zeroPoint[0] = 0x04; // (0, 0) is not on either curve (b != 0)
            bad.add(zeroPoint);
            for (byte prefix : new byte[] {0x02, 0x03, 0x06, 0x07}) {
                byte[] wrongPrefix = valid.clone();
                wrongPrefix[0] = prefix; // compressed/hybrid forms are refused: one key, one encoding
                bad.add(wrongPrefix);
            }
            for (byte[] encoded : bad) {
                try {
                    PublicKey.create(suite, encoded);
                    failures.add(suite + ": accepted " + HEX.formatHex(encoded));
                } catch (InvalidKeyException e) {
                    if (!e.getMessage().startsWith(suite.label() + " public key: ")) {
                        failures.add(suite + ": message '" + e.getMessage() + "' does not name the suite");
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /**
     * RFC 8032 §5.1.3: y decodes iff y < p and (y^2 - 1) / (d y^2 + 1) is a square mod p.
     * Checks {@link PublicKey#create} against that rule, computed here with BigInteger.
     */
    @Test
    void create_ed25519_acceptsExactlyTheEncodingsThatDecode() {
        BigInteger p = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
        BigInteger d = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(p)).mod(p);
        List<String> failures = new ArrayList<>();
        int rejected = 0;
        for (int y = 2; y < 66; y++) {
            BigInteger yy = BigInteger.valueOf(y).pow(2);
            BigInteger x2 = yy.subtract(BigInteger.ONE).multiply(d.multiply(yy).add(BigInteger.ONE).modInverse(p)).mod(p);
            boolean decodes = x2.modPow(p.subtract(BigInteger.ONE).shiftRight(1), p).compareTo(BigInteger.ONE) <= 0;
            byte[] encoded = new byte[32];
            encoded[0] = (byte) y; // little-endian y, sign bit 0
            boolean accepted = accepts(CryptoSuite.ED25519_SHA256, encoded);
            if (accepted != decodes) {
                failures.add("y=" + y + ": accepted=" + accepted + ", decodes=" + decodes);
            }
            rejected += decodes ? 0 : 1;
        }
        byte[] yEqualsP = HEX.parseHex("ed" + "ff".repeat(30) + "7f"); // non-canonical y = p
        if (accepts(CryptoSuite.ED25519_SHA256, yEqualsP)) {
            failures.add("y = p (non-canonical) accepted");
        }
        assertTrue(rejected > 0, "no non-decodable y in range; the test would prove nothing");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void fingerprint_isSuiteHashOfIdThenKey_andStable() throws Exception {
        PublicKey key = PublicKey.create(CryptoSuite.ED25519_SHA256, HEX.parseHex(ED25519_TEST1));
        // printf '01d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a' | xxd -r -p | sha256sum
        assertEquals("bcd1d56b5845f21e54ce5b764fc1d5520cc2c462e08fade2668dae9353621237", key.fingerprint());
        assertEquals(key.fingerprint(),
                PublicKey.create(CryptoSuite.ED25519_SHA256, HEX.parseHex(ED25519_TEST1)).fingerprint());

        // Independent reference (the JDK's SHA-256, not Bouncy Castle) for the P-256 key.
        PublicKey p256 = PublicKey.create(CryptoSuite.P256_SHA256, HEX.parseHex(P256_RFC6979));
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update((byte) 3);
        sha256.update(HEX.parseHex(P256_RFC6979));
        assertEquals(HEX.formatHex(sha256.digest()), p256.fingerprint());

        // SM2 uses SM3, so its fingerprint is 32 bytes of SM3 over (0x02 || key).
        PublicKey sm2 = PrivateKey.generate(CryptoSuite.SM2_SM3, RANDOM).publicKey();
        assertEquals(HEX.formatHex(CryptoSuite.SM2_SM3.hash().hash(new byte[] {2}, sm2.encoded())), sm2.fingerprint());
        assertTrue(sm2.fingerprint().matches("[0-9a-f]{64}"), sm2.fingerprint());
    }

    @Test
    void encoded_isDefensivelyCopiedInAndOut() throws GeneralSecurityException {
        byte[] input = HEX.parseHex(ED25519_TEST1);
        PublicKey key = PublicKey.create(CryptoSuite.ED25519_SHA256, input);
        input[0] ^= 1;
        key.encoded()[1] ^= 1;
        assertEquals(ED25519_TEST1, HEX.formatHex(key.encoded()));
    }

    @Test
    void equalsHashCodeToString_followSuiteAndBytes() throws GeneralSecurityException {
        PublicKey a = PublicKey.create(CryptoSuite.P256_SHA256, HEX.parseHex(P256_RFC6979));
        PublicKey b = PublicKey.create(CryptoSuite.P256_SHA256, HEX.parseHex(P256_RFC6979));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, PrivateKey.generate(CryptoSuite.P256_SHA256, RANDOM).publicKey());
        assertEquals("PublicKey{p256-sha256, " + a.fingerprint().substring(0, 16) + "…}", a.toString());
        assertArrayEquals(HEX.parseHex(P256_RFC6979), a.encoded());
    }

    private static boolean accepts(CryptoSuite suite, byte[] encoded) {
        try {
            PublicKey.create(suite, encoded);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
