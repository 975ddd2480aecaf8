package cn.bsnedge.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HashFunctionTest {

    private static final HexFormat HEX = HexFormat.of();

    record Vector(CryptoSuite suite, String source, String input, String digest) {}

    static List<Vector> vectors() {
        return List.of(
                // GB/T 32905-2016 Annex A, example 1 (also GM/T 0004-2012 A.1): "abc".
                new Vector(CryptoSuite.SM2_SM3, "GB/T 32905 A.1", "abc",
                        "66c7f0f4" + "62eeedd9" + "d1f2d46b" + "dc10e4e2" + "4167c487" + "5cf2f7a2" + "297da02b" + "8f4ba8e0"),
                // GB/T 32905-2016 Annex A, example 2: "abcd" repeated 16 times (64 bytes, padding spills into a second block).
                new Vector(CryptoSuite.SM2_SM3, "GB/T 32905 A.2", "abcd".repeat(16),
                        "debe9ff9" + "2275b8a1" + "38604889" + "c18e5a4d" + "6fdb70e5" + "387e5765" + "293dcba3" + "9c0c5732"),
                // FIPS 180-4 / 180-2 Appendix B.1, one-block message "abc".
                new Vector(CryptoSuite.ED25519_SHA256, "FIPS 180 B.1", "abc",
                        "ba7816bf" + "8f01cfea" + "414140de" + "5dae2223" + "b00361a3" + "96177a9c" + "b410ff61" + "f20015ad"),
                new Vector(CryptoSuite.P256_SHA256, "FIPS 180 B.1", "abc",
                        "ba7816bf" + "8f01cfea" + "414140de" + "5dae2223" + "b00361a3" + "96177a9c" + "b410ff61" + "f20015ad"));
    }

    @Test
    void hash_publishedVectors_match() {
        List<String> failures = new ArrayList<>();
        for (Vector v : vectors()) {
            String got = HEX.formatHex(v.suite().hash().hash(v.input().getBytes(StandardCharsets.US_ASCII)));
            if (!got.equals(v.digest())) {
                failures.add(v.suite() + " " + v.source() + ": got " + got + ", want " + v.digest());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void hash_partsAreConcatenated() {
        for (CryptoSuite suite : CryptoSuite.values()) {
            byte[] whole = suite.hash().hash("abcd".repeat(16).getBytes(StandardCharsets.US_ASCII));
            byte[] split = suite.hash().hash("abcdabc".getBytes(StandardCharsets.US_ASCII), new byte[0],
                    "d".getBytes(StandardCharsets.US_ASCII),
                    "abcd".repeat(14).getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(whole, split, suite.label());
        }
    }

    @Test
    void nameAndSize_perSuite() {
        assertEquals("SHA-256", CryptoSuite.ED25519_SHA256.hash().name());
        assertEquals("SM3", CryptoSuite.SM2_SM3.hash().name());
        assertEquals("SHA-256", CryptoSuite.P256_SHA256.hash().name());
        assertSame(CryptoSuite.ED25519_SHA256.hash(), CryptoSuite.P256_SHA256.hash());
        for (CryptoSuite suite : CryptoSuite.values()) {
            assertEquals(32, suite.hash().size(), suite.label());
            assertEquals(32, suite.hash().hash().length, suite.label());
        }
    }

    @Test
    void hash_concurrentCalls_doNotInterfere() throws Exception {
        HashFunction sm3 = CryptoSuite.SM2_SM3.hash();
        byte[] input = "abc".getBytes(StandardCharsets.US_ASCII);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> HEX.formatHex(sm3.hash(input))));
            }
            for (Future<String> result : results) {
                assertEquals(vectors().get(0).digest(), result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
