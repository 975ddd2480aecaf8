package cn.bsnedge.ledger.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.block.BlockSealer;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.block.VerificationException;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.entry.Reading;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every field a proof bundle carries is covered: changing any one of them makes the bundle
 * fail, at the link that covers it. keyFingerprint is the one informational field.
 */
class BundleTamperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Outcome label for JSON that {@link ProofBundle#parse} rejects. */
    static final String FORMAT = "bundle-format";
    static final int LEAF = 1;

    static TrustedKeys trust(CryptoSuite suite) {
        return TrustedKeys.of(List.of(new TrustedKey(Fixtures.GATEWAY, Fixtures.fixedKey(suite).publicKey())));
    }

    static ObjectNode bundleJson(CryptoSuite suite) throws Exception {
        MicroBlock b = Fixtures.vectorBlock(suite);
        String fp = Fixtures.fixedKey(suite).publicKey().fingerprint();
        return (ObjectNode) JSON.readTree(ProofBundle.of(b, LEAF, fp).toJson());
    }

    /** Parses and verifies; null when the bundle verifies, else the failing link label or {@link #FORMAT}. */
    static String outcome(JsonNode bundle, TrustedKeys trusted) {
        try {
            new BundleVerifier(trusted).verify(ProofBundle.parse(bundle.toString(), "test.json"));
            return null;
        } catch (BundleFormatException e) {
            return FORMAT;
        } catch (VerificationException e) {
            return e.link().label();
        } catch (RuntimeException e) {
            return "threw " + e;
        }
    }

    /** Changes one hex digit: 0<->1, 2<->3, … e<->f (one bit of one nibble). */
    static String flipNibble(String hex, int i) {
        char c = Character.forDigit(Character.digit(hex.charAt(i), 16) ^ 1, 16);
        return hex.substring(0, i) + c + hex.substring(i + 1);
    }

    private final List<String> unexpected = new ArrayList<>();

    private void expect(String what, ObjectNode base, Consumer<ObjectNode> mutation, TrustedKeys trusted, Set<String> want) {
        ObjectNode copy = base.deepCopy();
        mutation.accept(copy);
        String got = outcome(copy, trusted);
        if (got == null ? !want.isEmpty() : !want.contains(got)) {
            unexpected.add(what + ": got " + (got == null ? "verified" : got) + ", want " + (want.isEmpty() ? "verified" : want));
        }
    }

    private void expect(String what, ObjectNode base, Consumer<ObjectNode> mutation, TrustedKeys trusted, String want) {
        expect(what, base, mutation, trusted, Set.of(want));
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void verify_untouchedBundle_verifies(CryptoSuite suite) throws Exception {
        ProofBundle p = ProofBundle.parse(bundleJson(suite).toString(), "b.json");
        BundleVerifier.VerifiedReading v = new BundleVerifier(trust(suite)).verify(p);
        assertEquals(Fixtures.threeReadings().get(LEAF), v.reading());
        assertEquals(Fixtures.fixedKey(suite).publicKey(), v.signedBy());
        assertEquals(7, v.header().height());
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void tamper_everyNibbleOfEveryHexField_failsAtItsLink(CryptoSuite suite) throws Exception {
        ObjectNode b = bundleJson(suite);
        TrustedKeys t = trust(suite);
        String entry = b.get("entry").asText();
        for (int i = 0; i < entry.length(); i++) {
            int at = i;
            expect("entry nibble " + i, b, n -> n.put("entry", flipNibble(entry, at)), t, "entry");
        }
        String header = b.get("header").asText();
        int rootAt = 2 * (3 + Fixtures.GATEWAY.length() + 8 + 32);
        for (int i = 0; i < header.length(); i++) {
            int at = i;
            // merkleRoot, entryCount and the suite (which picks the hash) feed the inclusion check;
            // every other header field fails decoding or the block view.
            Set<String> want = i >= rootAt && i < rootAt + 64 ? Set.of("inclusion")
                    : i >= rootAt + 64 && i < rootAt + 72 || i == 2 || i == 3 ? Set.of("inclusion", "header") : Set.of("header");
            expect("header nibble " + i, b, n -> n.put("header", flipNibble(header, at)), t, want);
        }
        String sig = b.get("signature").asText();
        for (int i = 0; i < sig.length(); i++) {
            int at = i;
            expect("signature nibble " + i, b, n -> n.put("signature", flipNibble(sig, at)), t, "signature");
        }
        ArrayNode path = (ArrayNode) b.get("inclusionPath");
        assertEquals(2, path.size());
        for (int k = 0; k < path.size(); k++) {
            String h = path.get(k).asText();
            for (int i = 0; i < h.length(); i++) {
                int kk = k;
                int at = i;
                expect("inclusionPath[" + k + "] nibble " + i, b,
                        n -> ((ArrayNode) n.get("inclusionPath")).set(kk, flipNibble(h, at)), t, "inclusion");
            }
        }
        assertEquals(List.of(), unexpected);
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void tamper_everyViewField_failsAtEntryOrHeader(CryptoSuite suite) throws Exception {
        ObjectNode b = bundleJson(suite);
        TrustedKeys t = trust(suite);
        ObjectNode reading = (ObjectNode) b.get("reading");
        List<String> readingFields = new ArrayList<>();
        reading.fieldNames().forEachRemaining(readingFields::add);
        assertEquals(List.of("sensor", "seq", "time", "timeResolution", "clock", "quantity", "unit", "value", "valueType"), readingFields);
        for (String f : readingFields) {
            expect("reading." + f + " changed", b, n -> mutateView((ObjectNode) n.get("reading"), f), t, "entry");
            expect("reading." + f + " removed", b, n -> ((ObjectNode) n.get("reading")).remove(f), t, "entry");
        }
        expect("reading.value with a trailing zero", b, n -> ((ObjectNode) n.get("reading")).put("value", "12.50"), t, "entry");
        expect("reading extra field", b, n -> ((ObjectNode) n.get("reading")).put("note", "x"), t, "entry");
        expect("reading not an object", b, n -> n.put("reading", "x"), t, "entry");

        List<String> blockFields = new ArrayList<>();
        b.get("block").fieldNames().forEachRemaining(blockFields::add);
        assertEquals(List.of("gateway", "suite", "height", "prevHash", "merkleRoot", "entryCount", "firstTimeMicros",
                "lastTimeMicros", "hash"), blockFields);
        for (String f : blockFields) {
            expect("block." + f + " changed", b, n -> mutateView((ObjectNode) n.get("block"), f), t, "header");
            expect("block." + f + " removed", b, n -> ((ObjectNode) n.get("block")).remove(f), t, "header");
        }
        expect("block extra field", b, n -> ((ObjectNode) n.get("block")).put("note", "x"), t, "header");
        assertEquals(List.of(), unexpected);
    }

    /** Integers +1, hex strings one nibble flipped, other strings changed to a plausible different value. */
    static void mutateView(ObjectNode view, String field) {
        JsonNode v = view.get(field);
        if (v.isIntegralNumber()) {
            view.put(field, v.asLong() + 1);
        } else if (v.asText().matches("[0-9a-f]{64}")) {
            view.put(field, flipNibble(v.asText(), 63));
        } else {
            String other = switch (v.asText()) {
                case "ms" -> "s";
                case "s" -> "ms";
                case "synced" -> "unsynced";
                case "unsynced" -> "synced";
                case "decimal" -> "float64";
                case "float64" -> "decimal";
                case "ed25519-sha256" -> "p256-sha256";
                default -> v.asText() + "0";
            };
            view.put(field, other);
        }
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void tamper_leafIndexAndPathShape_failAtInclusion(CryptoSuite suite) throws Exception {
        ObjectNode b = bundleJson(suite);
        TrustedKeys t = trust(suite);
        for (long index : new long[] {0, 2, 3, -1, Long.MAX_VALUE}) {
            expect("leafIndex " + index, b, n -> n.put("leafIndex", index), t, "inclusion");
        }
        expect("leafIndex +1", b, n -> n.put("leafIndex", n.get("leafIndex").asLong() + 1), t, "inclusion");
        expect("path truncated", b, n -> ((ArrayNode) n.get("inclusionPath")).remove(1), t, "inclusion");
        expect("path empty", b, n -> ((ArrayNode) n.get("inclusionPath")).removeAll(), t, "inclusion");
        expect("path extra trailing element", b, n -> ((ArrayNode) n.get("inclusionPath")).add("00".repeat(32)), t, "inclusion");
        expect("path elements swapped", b, n -> {
            ArrayNode p = (ArrayNode) n.get("inclusionPath");
            JsonNode first = p.get(0);
            p.set(0, p.get(1));
            p.set(1, first);
        }, t, "inclusion");
        expect("path element short", b, n -> ((ArrayNode) n.get("inclusionPath")).set(0, "00".repeat(31)), t, "inclusion");
        assertEquals(List.of(), unexpected);
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void tamper_entryFromAnotherLeafOrBlock_failsAtInclusion(CryptoSuite suite) throws Exception {
        ObjectNode b = bundleJson(suite);
        TrustedKeys t = trust(suite);
        MicroBlock block = Fixtures.vectorBlock(suite);
        JsonNode leaf0 = JSON.readTree(ProofBundle.of(block, 0, null).toJson());
        expect("entry of leaf 0 at index 1", b, n -> {
            n.set("entry", leaf0.get("entry"));
            n.set("reading", leaf0.get("reading"));
        }, t, "inclusion");
        // Same readings with seq + 100, sealed by the same key at the same height: a different block.
        List<Reading> others = Fixtures.threeReadings().stream().map(r -> new Reading(r.sensor(), r.seq() + 100, r.time(),
                r.clock(), r.quantity(), r.unit(), r.value())).toList();
        MicroBlock other = new BlockSealer(Fixtures.fixedKey(suite).signer(), Fixtures.GATEWAY).seal(Fixtures.vectorHead(suite), others);
        JsonNode foreign = JSON.readTree(ProofBundle.of(other, LEAF, null).toJson());
        expect("entry and path of another block", b, n -> {
            n.set("entry", foreign.get("entry"));
            n.set("reading", foreign.get("reading"));
            n.set("inclusionPath", foreign.get("inclusionPath"));
        }, t, "inclusion");
        expect("header and signature of another block", b, n -> {
            n.set("header", foreign.get("header"));
            n.set("signature", foreign.get("signature"));
            n.set("block", foreign.get("block"));
        }, t, "inclusion");
        assertNull(outcome(foreign, t), "the other block's own bundle verifies");
        assertEquals(List.of(), unexpected);
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void keyFingerprint_isInformational(CryptoSuite suite) throws Exception {
        ObjectNode b = bundleJson(suite);
        TrustedKeys t = trust(suite);
        String fp = b.get("keyFingerprint").asText();
        expect("keyFingerprint flipped", b, n -> n.put("keyFingerprint", flipNibble(fp, 0)), t, Set.of());
        expect("keyFingerprint removed", b, n -> n.remove("keyFingerprint"), t, Set.of());
        assertEquals(List.of(), unexpected);
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void trust_wrongGatewayKeyOrSuite_failsAtTrustOrSignature(CryptoSuite suite) throws Exception {
        ObjectNode b = bundleJson(suite);
        PublicKey other = Fixtures.otherKey(suite).publicKey();
        expect("no key for the gateway", b, n -> { }, TrustedKeys.of(List.of(
                new TrustedKey("88.1001.31/GW-0008", Fixtures.fixedKey(suite).publicKey()))), "trust");
        expect("only another key of the suite", b, n -> { }, TrustedKeys.of(List.of(new TrustedKey(Fixtures.GATEWAY, other))), "signature");
        expect("another key first, then the right one", b, n -> { }, TrustedKeys.of(List.of(new TrustedKey(Fixtures.GATEWAY, other),
                new TrustedKey(Fixtures.GATEWAY, Fixtures.fixedKey(suite).publicKey()))), Set.of());
        for (CryptoSuite s : CryptoSuite.values()) {
            if (s != suite) {
                expect("only a " + s.label() + " key", b, n -> { }, trust(s), "trust");
            }
        }
        expect("empty trust", b, n -> { }, TrustedKeys.of(List.of()), "trust");
        assertEquals(List.of(), unexpected);
    }

    @Test
    void parse_malformedJsonFields_isABundleFormatError() throws Exception {
        ObjectNode b = bundleJson(CryptoSuite.ED25519_SHA256);
        TrustedKeys t = trust(CryptoSuite.ED25519_SHA256);
        String entry = b.get("entry").asText();
        expect("entry not hex", b, n -> n.put("entry", "zz" + entry.substring(2)), t, FORMAT);
        expect("entry uppercase hex", b, n -> n.put("entry", entry.toUpperCase()), t, FORMAT);
        expect("entry odd length", b, n -> n.put("entry", entry.substring(1)), t, FORMAT);
        expect("signature a number", b, n -> n.put("signature", 5), t, FORMAT);
        expect("path element not a string", b, n -> ((ArrayNode) n.get("inclusionPath")).set(0, 1), t, FORMAT);
        expect("leafIndex a string", b, n -> n.put("leafIndex", "1"), t, FORMAT);
        expect("leafIndex fractional", b, n -> n.put("leafIndex", 1.5), t, FORMAT);
        expect("unknown field", b, n -> n.put("extra", 1), t, FORMAT);
        expect("missing header", b, n -> n.remove("header"), t, FORMAT);
        expect("wrong bundle format", b, n -> n.put("bundle", "bsn-edge-proof/2"), t, FORMAT);
        assertEquals(List.of(), unexpected);
    }
}
