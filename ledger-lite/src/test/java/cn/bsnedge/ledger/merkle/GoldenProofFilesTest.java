package cn.bsnedge.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Loads every golden file under {@code src/test/resources/merkle/} (listed in its {@code INDEX}),
 * parses it with its own small reader, and checks that {@link ProofVerifier} gives the outcome
 * its {@code expect:} line states. Also checks the files still match {@link
 * GoldenProofGenerator}.
 */
class GoldenProofFilesTest {

    private static final MerkleHasher H = Sha256.HASHER;
    private static final HexFormat HEX = HexFormat.of();

    private static String resource(String name) throws IOException {
        try (InputStream in = GoldenProofFilesTest.class.getResourceAsStream("/merkle/" + name)) {
            assertNotNull(in, "missing test resource merkle/" + name + "; run GoldenProofGenerator");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> names() throws IOException {
        return resource(GoldenProofGenerator.INDEX).lines().filter(l -> !l.isBlank()).toList();
    }

    /** A parsed file: single-valued keys, plus the repeated {@code proof:} lines in order. */
    private record Golden(Map<String, String> fields, List<byte[]> proof) {

        static Golden parse(String name, String text) {
            Map<String, String> fields = new HashMap<>();
            List<byte[]> proof = new ArrayList<>();
            int lineNo = 0;
            for (String line : text.lines().toList()) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(": ");
                if (colon < 0) {
                    fail(name + ":" + lineNo + ": want 'key: value', got '" + line + "'");
                }
                String key = line.substring(0, colon);
                String value = line.substring(colon + 2).trim();
                if (key.equals("proof")) {
                    proof.add(HEX.parseHex(value));
                } else if (fields.put(key, value) != null) {
                    fail(name + ":" + lineNo + ": duplicate key '" + key + "'");
                }
            }
            return new Golden(fields, proof);
        }

        String get(String key) {
            String v = fields.get(key);
            assertNotNull(v, "missing key '" + key + "'");
            return v;
        }

        long num(String key) {
            return Long.parseLong(get(key));
        }

        byte[] hash(String key) {
            return HEX.parseHex(get(key));
        }
    }

    @TestFactory
    Stream<DynamicTest> goldenFile_verifierMeetsStatedExpectation() throws IOException {
        List<String> names = names();
        assertTrue(names.size() >= 30, "expected the full golden set, found " + names.size());
        return names.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Golden g = Golden.parse(name, resource(name));
            String expect = g.get("expect");
            String outcome;
            try {
                switch (g.get("type")) {
                    case "inclusion" -> ProofVerifier.verifyInclusion(H, g.num("index"), g.num("size"),
                            g.hash("leaf"), g.proof(), g.hash("root"));
                    case "consistency" -> ProofVerifier.verifyConsistency(H, g.num("size1"), g.num("size2"),
                            g.proof(), g.hash("root1"), g.hash("root2"));
                    default -> fail(name + ": unknown type '" + g.get("type") + "'");
                }
                outcome = "OK";
            } catch (ProofException e) {
                outcome = e.kind().name();
            }
            assertEquals(expect, outcome, name);
        }));
    }

    @Test
    void goldenFiles_matchGenerator() throws IOException {
        Map<String, String> want = GoldenProofGenerator.generate();
        assertEquals(List.copyOf(want.keySet()).subList(0, want.size() - 1), names(),
                "INDEX differs from generator; regenerate with GoldenProofGenerator");
        for (Map.Entry<String, String> f : want.entrySet()) {
            assertEquals(f.getValue(), resource(f.getKey()),
                    "merkle/" + f.getKey() + " differs from generator; regenerate with GoldenProofGenerator");
        }
    }
}
