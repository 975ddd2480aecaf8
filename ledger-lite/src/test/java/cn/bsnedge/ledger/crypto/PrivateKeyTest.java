package cn.bsnedge.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PrivateKeyTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Group orders: P-256 from RFC 6979 A.2.5; sm2p256v1 from GB/T 32918.5 Annex A. */
    private static final String P256_N = P256Rfc6979Test.N;
    private static final String SM2_N = "fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123";
    private static final String SM2_N_MINUS_1 = "fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54122";
    private static final String P256_N_MINUS_1 = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632550";

    @Test
    void toStringAndHashCode_neverRevealTheSecret() {
        for (CryptoSuite suite : CryptoSuite.values()) {
            PrivateKey key = PrivateKey.generate(suite, RANDOM);
            String secret = HEX.formatHex(key.encoded());
            String text = key.toString() + key.signer().toString();
            assertFalse(text.toLowerCase().contains(secret), text);
            // No 8-hex-digit window of the secret either (a prefix leaks too).
            for (int i = 0; i + 8 <= secret.length(); i += 8) {
                assertFalse(text.toLowerCase().contains(secret.substring(i, i + 8)), text);
            }
            assertTrue(text.contains(suite.label()), text);
            assertEquals(key.publicKey().hashCode(), key.hashCode());
        }
    }

    @Test
    void generate_eachSuite_signsAndVerifies() throws GeneralSecurityException {
        for (CryptoSuite suite : CryptoSuite.values()) {
            PrivateKey key = PrivateKey.generate(suite, RANDOM);
            Signer signer = key.signer();
            assertSame(suite, signer.suite());
            assertEquals(key.publicKey(), signer.publicKey());
            assertEquals(suite.publicKeyLength(), key.publicKey().encoded().length);
            assertEquals(32, key.encoded().length);
            byte[] message = "telemetry".getBytes();
            byte[] signature = signer.sign(message);
            assertEquals(suite.signatureLength(), signature.length, suite.label());
            assertArrayEquals(signature, signer.sign(message), suite.label() + " is not deterministic");
            key.publicKey().verifier().verify(signature, message);
        }
    }

    @Test
    void fromEncoded_roundTripsAndCopies() throws GeneralSecurityException {
        for (CryptoSuite suite : CryptoSuite.values()) {
            PrivateKey key = PrivateKey.generate(suite, RANDOM);
            byte[] encoded = key.encoded();
            PrivateKey again = PrivateKey.fromEncoded(suite, encoded);
            assertEquals(key, again);
            assertEquals(key.publicKey(), again.publicKey());
            encoded[0] ^= 1;
            assertEquals(key, again, "fromEncoded must copy its input");
            key.encoded()[0] ^= 1;
            assertEquals(again, key, "encoded() must return a copy");
            assertNotEquals(key, PrivateKey.generate(suite, RANDOM));
        }
    }

    @Test
    void fromEncoded_wrongLengthOrOutOfRange_isRejectedWithoutEchoingTheKey() {
        record Case(CryptoSuite suite, String hex, String message) {}
        String zero = "00".repeat(32);
        List<Case> cases = List.of(
                new Case(CryptoSuite.ED25519_SHA256, "11".repeat(31), "ed25519-sha256 private key: got 31 bytes, want 32"),
                new Case(CryptoSuite.ED25519_SHA256, "11".repeat(64), "ed25519-sha256 private key: got 64 bytes, want 32"),
                new Case(CryptoSuite.P256_SHA256, "11".repeat(33), "p256-sha256 private key: got 33 bytes, want 32"),
                new Case(CryptoSuite.P256_SHA256, zero, "p256-sha256 private key: scalar is outside [1, n-1]"),
                new Case(CryptoSuite.P256_SHA256, P256_N, "p256-sha256 private key: scalar is outside [1, n-1]"),
                new Case(CryptoSuite.P256_SHA256, "ff".repeat(32), "p256-sha256 private key: scalar is outside [1, n-1]"),
                new Case(CryptoSuite.SM2_SM3, "", "sm2-sm3 private key: got 0 bytes, want 32"),
                new Case(CryptoSuite.SM2_SM3, zero, "sm2-sm3 private key: scalar is outside [1, n-2]"),
                new Case(CryptoSuite.SM2_SM3, SM2_N, "sm2-sm3 private key: scalar is outside [1, n-2]"),
                new Case(CryptoSuite.SM2_SM3, SM2_N_MINUS_1, "sm2-sm3 private key: scalar is outside [1, n-2]"));
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            try {
                PrivateKey.fromEncoded(c.suite(), HEX.parseHex(c.hex()));
                failures.add(c.suite() + " " + c.hex() + ": accepted");
            } catch (GeneralSecurityException e) {
                if (!c.message().equals(e.getMessage())) {
                    failures.add(c.suite() + ": got '" + e.getMessage() + "', want '" + c.message() + "'");
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void fromEncoded_largestValidScalars_areAccepted() throws GeneralSecurityException {
        PrivateKey.fromEncoded(CryptoSuite.P256_SHA256, HEX.parseHex(P256_N_MINUS_1)).signer().sign(new byte[0]);
        String sm2NMinus2 = SM2_N_MINUS_1.substring(0, 62) + "21";
        PrivateKey sm2 = PrivateKey.fromEncoded(CryptoSuite.SM2_SM3, HEX.parseHex(sm2NMinus2));
        sm2.publicKey().verifier().verify(sm2.signer().sign(new byte[0]), new byte[0]);
        PrivateKey one = PrivateKey.fromEncoded(CryptoSuite.SM2_SM3, HEX.parseHex("00".repeat(31) + "01"));
        one.publicKey().verifier().verify(one.signer().sign(new byte[] {1}), new byte[] {1});
    }

    @Test
    void signer_sharedAcrossThreads_givesTheSameSignatureEverywhere() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (CryptoSuite suite : CryptoSuite.values()) {
                Signer signer = PrivateKey.generate(suite, RANDOM).signer();
                byte[] message = "shared".getBytes();
                byte[] expected = signer.sign(message);
                List<Future<byte[]>> results = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    results.add(pool.submit(() -> signer.sign(message)));
                }
                for (Future<byte[]> result : results) {
                    assertArrayEquals(expected, result.get(), suite.label());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
