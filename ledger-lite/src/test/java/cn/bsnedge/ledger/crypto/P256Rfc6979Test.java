package cn.bsnedge.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 6979 Appendix A.2.5 (ECDSA, 256 bits, prime field = NIST P-256): the private key,
 * its public key, and the "With SHA-256" signatures of "sample" and "test". Values as
 * printed in the RFC (also in Bouncy Castle's DeterministicDSATest).
 */
class P256Rfc6979Test {

    private static final HexFormat HEX = HexFormat.of();

    static final String X = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
    static final String UX = "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
    static final String UY = "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
    /** Group order q of P-256, RFC 6979 A.2.5. */
    static final String N = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

    record Vector(String message, String r, String s) {}

    static final List<Vector> VECTORS = List.of(
            new Vector("sample",
                    "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
                    "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"),
            new Vector("test",
                    "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367",
                    "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083"));

    private static PrivateKey key() throws GeneralSecurityException {
        return PrivateKey.fromEncoded(CryptoSuite.P256_SHA256, HEX.parseHex(X));
    }

    @Test
    void publicKey_fromRfcPrivateKey_isUxUy() throws GeneralSecurityException {
        assertEquals("04" + UX + UY, HEX.formatHex(key().publicKey().encoded()));
    }

    @Test
    void sign_rfc6979Vectors_rAndSMatchAndVerify() throws GeneralSecurityException {
        PrivateKey key = key();
        List<String> failures = new ArrayList<>();
        for (Vector v : VECTORS) {
            byte[] message = v.message().getBytes(StandardCharsets.US_ASCII);
            String got = HEX.formatHex(key.signer().sign(message));
            if (!got.equals(v.r() + v.s())) {
                failures.add(v.message() + ": got r||s " + got + ", want " + v.r() + v.s());
            }
            try {
                key.publicKey().verifier().verify(HEX.parseHex(v.r() + v.s()), message);
            } catch (GeneralSecurityException e) {
                failures.add(v.message() + ": published signature rejected: " + e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void verify_flippedSignatureOrMessageByte_fails() throws GeneralSecurityException {
        Verifier verifier = key().publicKey().verifier();
        List<String> failures = new ArrayList<>();
        for (Vector v : VECTORS) {
            byte[] signature = HEX.parseHex(v.r() + v.s());
            byte[] message = v.message().getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < signature.length; i++) {
                byte[] tampered = signature.clone();
                tampered[i] ^= 0x01;
                if (Ed25519Rfc8032Test.verifies(verifier, tampered, message)) {
                    failures.add(v.message() + ": signature byte " + i + " flipped still verifies");
                }
            }
            for (int i = 0; i < message.length; i++) {
                byte[] tampered = message.clone();
                tampered[i] ^= 0x01;
                if (Ed25519Rfc8032Test.verifies(verifier, signature, tampered)) {
                    failures.add(v.message() + ": message byte " + i + " flipped still verifies");
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void verify_rOrSOutsideOneToNMinusOne_isRejectedWithReason() throws GeneralSecurityException {
        Verifier verifier = key().publicKey().verifier();
        byte[] message = "sample".getBytes(StandardCharsets.US_ASCII);
        Vector v = VECTORS.get(0);
        String zero = "00".repeat(32);
        record Case(String signature, String reason) {}
        List<Case> cases = List.of(
                new Case(zero + v.s(), "r is outside [1, n-1]"),
                new Case(N + v.s(), "r is outside [1, n-1]"),
                new Case(v.r() + zero, "s is outside [1, n-1]"),
                new Case(v.r() + N, "s is outside [1, n-1]"),
                new Case("ff".repeat(32) + v.s(), "r is outside [1, n-1]"));
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            SignatureException e = assertThrows(SignatureException.class,
                    () -> verifier.verify(HEX.parseHex(c.signature()), message));
            if (!e.getMessage().contains(c.reason()) || !e.getMessage().startsWith("p256-sha256 ")) {
                failures.add(c.signature() + ": message '" + e.getMessage() + "' lacks '" + c.reason() + "'");
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void verify_wrongLength_namesGotAndWant() throws GeneralSecurityException {
        Verifier verifier = key().publicKey().verifier();
        byte[] signature = HEX.parseHex(VECTORS.get(0).r() + VECTORS.get(0).s());
        byte[] truncated = java.util.Arrays.copyOf(signature, 63);
        SignatureException e = assertThrows(SignatureException.class,
                () -> verifier.verify(truncated, "sample".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains("got 63 bytes, want 64"), e.getMessage());
        byte[] padded = java.util.Arrays.copyOf(signature, 65);
        e = assertThrows(SignatureException.class,
                () -> verifier.verify(padded, "sample".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains("got 65 bytes, want 64"), e.getMessage());
    }
}
