package cn.bsnedge.ledger.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.bsnedge.ledger.AnchorFixtures;
import cn.bsnedge.ledger.AnchorFixtures.Scenario;
import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PublicKey;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Anchored bundles: the three statuses, and every byte and view field of the anchor and the
 * receipt covered, failing at the link that covers it.
 */
class BundleAnchorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static TrustedKeys trust(CryptoSuite suite) {
        return TrustedKeys.of(List.of(new TrustedKey(Fixtures.GATEWAY, Fixtures.fixedKey(suite).publicKey())),
                List.of(new TrustedNodeKey(Fixtures.NODE, Fixtures.nodeKey(suite).publicKey())));
    }

    static ObjectNode anchored(CryptoSuite suite) throws Exception {
        return (ObjectNode) JSON.readTree(AnchoredVectors.bundle(AnchorFixtures.scenario(suite)).toJson());
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void status_sealedPendingAnchored_isReportedDistinctly(CryptoSuite suite) throws Exception {
        Scenario s = AnchorFixtures.scenario(suite);
        BundleVerifier v = new BundleVerifier(trust(suite));
        ProofBundle sealed = ProofBundle.of(Fixtures.vectorBlock(suite), 1, null);
        assertEquals(BundleVerifier.Status.SEALED, v.verify(sealed).status());
        ProofBundle pending = sealed.withAnchor(s.second().treeHead(), s.log().inclusionProof(7, 9));
        BundleVerifier.VerifiedReading p = v.verify(ProofBundle.parse(pending.toJson(), "p.json"));
        assertEquals(BundleVerifier.Status.ANCHOR_PENDING, p.status());
        assertEquals(9, p.anchor().orElseThrow().treeHead().treeSize());
        BundleVerifier.VerifiedReading a = v.verify(ProofBundle.parse(anchored(suite).toString(), "a.json"));
        assertEquals(BundleVerifier.Status.ANCHORED, a.status());
        BundleVerifier.VerifiedReceipt r = a.anchor().orElseThrow().receipt().orElseThrow();
        assertEquals(57, r.receipt().ledgerSeq());
        assertEquals(Fixtures.nodeKey(suite).publicKey(), r.signedBy());
        assertEquals(Fixtures.fixedKey(suite).publicKey(), a.anchor().get().signedBy());
        assertEquals("anchored", a.status().label());
        assertEquals("sealed, not yet anchored", BundleVerifier.Status.SEALED.label());
    }

    private final List<String> unexpected = new ArrayList<>();

    private void expect(String what, ObjectNode base, Consumer<ObjectNode> mutation, TrustedKeys trusted, Set<String> want) {
        ObjectNode copy = base.deepCopy();
        mutation.accept(copy);
        String got = BundleTamperTest.outcome(copy, trusted);
        if (got == null ? !want.isEmpty() : !want.contains(got)) {
            unexpected.add(what + ": got " + (got == null ? "verified" : got) + ", want " + (want.isEmpty() ? "verified" : want));
        }
    }

    private static ObjectNode obj(ObjectNode n, String field) {
        return (ObjectNode) n.get(field);
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void tamper_everyNibbleOfTheAnchorAndReceipt_failsAtItsLink(CryptoSuite suite) throws Exception {
        ObjectNode b = anchored(suite);
        TrustedKeys t = trust(suite);
        for (String part : List.of("anchor", "receipt")) {
            String link = part.equals("anchor") ? "tree-head" : "receipt";
            for (String field : List.of("statement", "signature")) {
                String hex = obj(b, part).get(field).asText();
                for (int i = 0; i < hex.length(); i++) {
                    int at = i;
                    expect(part + "." + field + " nibble " + i, b,
                            n -> obj(n, part).put(field, BundleTamperTest.flipNibble(hex, at)), t, Set.of(link));
                }
            }
        }
        ArrayNode path = (ArrayNode) obj(b, "anchor").get("inclusionPath");
        for (int k = 0; k < path.size(); k++) {
            String h = path.get(k).asText();
            for (int i = 0; i < h.length(); i += 7) {
                int kk = k;
                int at = i;
                expect("anchor.inclusionPath[" + k + "] nibble " + i, b,
                        n -> ((ArrayNode) obj(n, "anchor").get("inclusionPath")).set(kk, BundleTamperTest.flipNibble(h, at)),
                        t, Set.of("anchor-inclusion"));
            }
        }
        expect("anchor.inclusionPath truncated", b, n -> ((ArrayNode) obj(n, "anchor").get("inclusionPath")).remove(0), t,
                Set.of("anchor-inclusion"));
        expect("anchor.inclusionPath extra", b, n -> ((ArrayNode) obj(n, "anchor").get("inclusionPath")).add("00".repeat(32)), t,
                Set.of("anchor-inclusion"));
        assertEquals(List.of(), unexpected);
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void tamper_everyViewField_failsAtTreeHeadOrReceipt(CryptoSuite suite) throws Exception {
        ObjectNode b = anchored(suite);
        TrustedKeys t = trust(suite);
        for (String part : List.of("anchor", "receipt")) {
            String link = part.equals("anchor") ? "tree-head" : "receipt";
            List<String> fields = new ArrayList<>();
            obj(b, part).get("view").fieldNames().forEachRemaining(fields::add);
            for (String f : fields) {
                expect(part + ".view." + f + " changed", b, n -> BundleTamperTest.mutateView(obj(obj(n, part), "view"), f), t, Set.of(link));
                expect(part + ".view." + f + " removed", b, n -> obj(obj(n, part), "view").remove(f), t, Set.of(link));
            }
            expect(part + ".view extra field", b, n -> obj(obj(n, part), "view").put("note", "x"), t, Set.of(link));
        }
        expect("receipt.keyFingerprint flipped", b, n -> obj(n, "receipt").put("keyFingerprint", "00".repeat(32)), t, Set.of());
        expect("receipt.keyFingerprint removed", b, n -> obj(n, "receipt").remove("keyFingerprint"), t, Set.of());
        assertEquals(List.of(), unexpected);
    }

    @Test
    void trust_nodeKeysAndGatewayKeysAreNotInterchangeable() throws Exception {
        CryptoSuite suite = CryptoSuite.ED25519_SHA256;
        ObjectNode b = anchored(suite);
        PublicKey gw = Fixtures.fixedKey(suite).publicKey();
        PublicKey node = Fixtures.nodeKey(suite).publicKey();
        TrustedKey gwKey = new TrustedKey(Fixtures.GATEWAY, gw);
        expect("no node key", b, n -> { }, TrustedKeys.of(List.of(gwKey)), Set.of("node-trust"));
        expect("node key filed as a gateway key", b, n -> { },
                TrustedKeys.of(List.of(gwKey, new TrustedKey(Fixtures.NODE, node))), Set.of("node-trust"));
        expect("gateway key filed as the node's key", b, n -> { },
                TrustedKeys.of(List.of(gwKey), List.of(new TrustedNodeKey(Fixtures.NODE, gw))), Set.of("receipt"));
        expect("only a node key of another suite", b, n -> { },
                TrustedKeys.of(List.of(gwKey), List.of(new TrustedNodeKey(Fixtures.NODE, Fixtures.nodeKey(CryptoSuite.SM2_SM3).publicKey()))),
                Set.of("node-trust"));
        expect("another node's key under this node's id", b, n -> { },
                TrustedKeys.of(List.of(gwKey), List.of(new TrustedNodeKey(Fixtures.NODE, Fixtures.otherKey(suite).publicKey()))),
                Set.of("receipt"));
        expect("node key trusted only for another node", b, n -> { },
                TrustedKeys.of(List.of(gwKey), List.of(new TrustedNodeKey("88.1001/BSN-NODE-02", node))), Set.of("node-trust"));
        assertEquals(List.of(), unexpected);
    }

    @Test
    void anchorOfATreeWithoutTheBlock_failsAtAnchorInclusion() throws Exception {
        Scenario s = AnchorFixtures.scenario(CryptoSuite.ED25519_SHA256);
        ProofBundle sealed = ProofBundle.of(Fixtures.vectorBlock(CryptoSuite.ED25519_SHA256), 1, null);
        // The first tree head covers heights 0..4; block 7 is not in it, whatever the path.
        AnchorEvidence early = new AnchorEvidence(s.first().head().encode(), s.first().treeHead().signature(),
                EvidenceViews.treeHead(s.first().head()), s.log().inclusionProof(7, 9).path());
        ProofBundle b = new ProofBundle(sealed.entry(), sealed.leafIndex(), sealed.inclusionPath(), sealed.header(), sealed.signature(),
                sealed.readingView(), sealed.blockView(), null, Optional.of(early), Optional.empty());
        String got = BundleTamperTest.outcome(JSON.readTree(b.toJson()), trust(CryptoSuite.ED25519_SHA256));
        assertEquals("anchor-inclusion", got);
        // A receipt for the first tree with the second tree's anchor does not cover it.
        ObjectNode swapped = (ObjectNode) JSON.readTree(sealed.withAnchor(s.second().treeHead(), s.log().inclusionProof(7, 9))
                .withReceipt(s.firstReceipt(), null).toJson());
        assertEquals("receipt", BundleTamperTest.outcome(swapped, trust(CryptoSuite.ED25519_SHA256)));
    }

    @Test
    void parse_malformedAnchorOrReceipt_isABundleFormatError() throws Exception {
        ObjectNode b = anchored(CryptoSuite.ED25519_SHA256);
        TrustedKeys t = trust(CryptoSuite.ED25519_SHA256);
        Set<String> format = Set.of(BundleTamperTest.FORMAT);
        expect("receipt without anchor", b, n -> n.remove("anchor"), t, format);
        expect("anchor not an object", b, n -> n.put("anchor", "x"), t, format);
        expect("anchor unknown field", b, n -> obj(n, "anchor").put("leafIndex", 7), t, format);
        expect("anchor missing path", b, n -> obj(n, "anchor").remove("inclusionPath"), t, format);
        expect("receipt statement not hex", b, n -> obj(n, "receipt").put("statement", "zz"), t, format);
        expect("receipt unknown field", b, n -> obj(n, "receipt").put("extra", 1), t, format);
        expect("anchor without receipt", b, n -> n.remove("receipt"), t, Set.of());
        assertEquals(List.of(), unexpected);
        assertTrue(BundleTamperTest.outcome(b, t) == null);
    }
}
