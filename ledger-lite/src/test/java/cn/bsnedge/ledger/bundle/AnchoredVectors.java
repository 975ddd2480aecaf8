package cn.bsnedge.ledger.bundle;

import cn.bsnedge.ledger.AnchorFixtures;
import cn.bsnedge.ledger.AnchorFixtures.Scenario;
import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.codec.FormatException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The anchored bundles of {@code docs/vectors/}: the leaf-1 bundle of block 7 with the second
 * anchor of {@link AnchorFixtures} (tree size 9) and its receipt, the node's trust files, and
 * golden tampered copies of the ed25519 one.
 */
final class AnchoredVectors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private AnchoredVectors() {
    }

    static String bundleName(CryptoSuite suite) {
        return "bundle-anchored-" + suite.label() + ".json";
    }

    static String nodeTrustName(CryptoSuite suite) {
        return "trust-node-" + suite.label() + ".json";
    }

    static ProofBundle bundle(Scenario s) throws FormatException {
        CryptoSuite suite = s.suite();
        return ProofBundle.of(Fixtures.vectorBlock(suite), BundleTamperTest.LEAF, Fixtures.fixedKey(suite).publicKey().fingerprint())
                .withAnchor(s.second().treeHead(), s.log().inclusionProof(Fixtures.VECTOR_HEIGHT, s.second().head().treeSize()))
                .withReceipt(s.secondReceipt(), Fixtures.nodeKey(suite).publicKey().fingerprint());
    }

    static void generate(Map<String, String> files) throws FormatException {
        for (CryptoSuite suite : CryptoSuite.values()) {
            files.put(bundleName(suite), bundle(AnchorFixtures.scenario(suite)).toJson());
            files.put(nodeTrustName(suite), new TrustedNodeKey(Fixtures.NODE, Fixtures.nodeKey(suite).publicKey()).toJson());
        }
    }

    /** Tampered copies of the ed25519 anchored bundle, each failing at the stated link. */
    static void tampered(Map<String, String> files, ObjectNode cases) {
        CryptoSuite suite = CryptoSuite.ED25519_SHA256;
        Scenario s = AnchorFixtures.scenario(suite);
        ObjectNode good;
        try {
            good = (ObjectNode) JSON.readTree(files.get(bundleName(suite)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int rootNibble = 2 * (3 + Fixtures.GATEWAY.length() + 8);
        FormatVectorsGenerator.addCase(files, cases, good, "anchored-tree-head-root-flipped-bit", "tree-head",
                "first hex digit of the tree head's root flipped (view untouched)",
                n -> anchor(n).put("statement", BundleTamperTest.flipNibble(anchor(n).get("statement").asText(), rootNibble)));
        FormatVectorsGenerator.addCase(files, cases, good, "anchored-tree-head-signature-flipped-bit", "tree-head",
                "last hex digit of the tree head signature flipped",
                n -> anchor(n).put("signature", BundleTamperTest.flipNibble(anchor(n).get("signature").asText(), 127)));
        FormatVectorsGenerator.addCase(files, cases, good, "anchored-tree-head-view-changed", "tree-head",
                "anchor.view.treeSize 9 changed to 10; tree head bytes untouched",
                n -> ((ObjectNode) anchor(n).get("view")).put("treeSize", 10));
        FormatVectorsGenerator.addCase(files, cases, good, "anchored-path-flipped-bit", "anchor-inclusion",
                "first hex digit of anchor.inclusionPath[0] flipped",
                n -> ((ArrayNode) anchor(n).get("inclusionPath")).set(0,
                        BundleTamperTest.flipNibble(anchor(n).get("inclusionPath").get(0).asText(), 0)));
        FormatVectorsGenerator.addCase(files, cases, good, "anchored-path-truncated", "anchor-inclusion",
                "last anchor.inclusionPath element removed",
                n -> ((ArrayNode) anchor(n).get("inclusionPath")).remove(anchor(n).get("inclusionPath").size() - 1));
        FormatVectorsGenerator.addCase(files, cases, good, "anchored-receipt-ledger-seq-changed", "receipt",
                "receipt ledgerSeq 57 changed to 56 in the statement (view untouched)",
                n -> receipt(n).put("statement", BundleTamperTest.flipNibble(receipt(n).get("statement").asText(),
                        receipt(n).get("statement").asText().length() - 17)));
        FormatVectorsGenerator.addCase(files, cases, good, "anchored-receipt-signature-flipped-bit", "receipt",
                "last hex digit of the receipt signature flipped",
                n -> receipt(n).put("signature", BundleTamperTest.flipNibble(receipt(n).get("signature").asText(), 127)));
        FormatVectorsGenerator.addCase(files, cases, good, "anchored-receipt-view-changed", "receipt",
                "receipt.view.ledgerSeq 57 changed to 58; receipt bytes untouched",
                n -> ((ObjectNode) receipt(n).get("view")).put("ledgerSeq", 58));
        FormatVectorsGenerator.addCase(files, cases, good, "anchored-receipt-for-another-tree", "receipt",
                "the node's valid receipt for tree size 5 (receiptFirst) in place of the one for size 9",
                n -> replaceReceipt(n, s.firstReceipt(), Fixtures.nodeKey(suite)));
        FormatVectorsGenerator.addCase(files, cases, good, "anchored-receipt-of-unknown-node", "node-trust",
                "a receipt signed by the node key but naming node 88.1001/BSN-NODE-02, which no trust file names",
                n -> replaceReceipt(n, resigned(s, "88.1001/BSN-NODE-02", Fixtures.nodeKey(suite)), Fixtures.nodeKey(suite)));
        FormatVectorsGenerator.addCase(files, cases, good, "anchored-receipt-signed-by-gateway-key", "receipt",
                "the receipt signed with the gateway's key: gateway keys never vouch for receipts",
                n -> replaceReceipt(n, resigned(s, Fixtures.NODE, Fixtures.fixedKey(suite)), Fixtures.fixedKey(suite)));
        FormatVectorsGenerator.addCase(files, cases, good, "anchored-receipt-without-anchor", BundleTamperTest.FORMAT,
                "anchor removed, receipt kept: not a readable bundle",
                n -> n.remove("anchor"));
    }

    private static ObjectNode anchor(ObjectNode bundle) {
        return (ObjectNode) bundle.get("anchor");
    }

    private static ObjectNode receipt(ObjectNode bundle) {
        return (ObjectNode) bundle.get("receipt");
    }

    private static Signed<AnchorReceipt> resigned(Scenario s, String nodeId, PrivateKey key) {
        AnchorReceipt r = s.secondReceipt().statement();
        try {
            return Signed.sign(new AnchorReceipt(r.suite(), nodeId, r.gatewayId(), r.treeSize(), r.rootHash(), r.ledgerSeq(),
                    r.recordedAtMillis()), key.signer());
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static void replaceReceipt(ObjectNode bundle, Signed<AnchorReceipt> r, PrivateKey key) {
        ObjectNode fresh = ReceiptEvidence.of(r, key.publicKey().fingerprint()).toJson(JSON.createObjectNode());
        bundle.set("receipt", fresh);
    }
}
