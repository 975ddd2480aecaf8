package cn.bsnedge.ledger.protocol;

import cn.bsnedge.ledger.AnchorFixtures;
import cn.bsnedge.ledger.AnchorFixtures.Scenario;
import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.anchor.Statement;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Builds {@code docs/vectors/protocol-v1.json}: every PROTOCOL.md message of the {@link
 * AnchorFixtures} story, for every suite, with the statement bytes, the exact signed message,
 * the signature and the whole MQTT payload. Written by {@code FormatVectorsGenerator} with the
 * other vectors, checked by {@link ProtocolVectorsTest}.
 */
public final class ProtocolVectors {

    public static final String FILE = "protocol-v1.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private ProtocolVectors() {
    }

    public static void generate(Map<String, String> files, String regenerate) {
        ObjectNode root = JSON.createObjectNode();
        root.put("vectors", "bsn-edge-protocol/1");
        root.put("generator", "ledger-lite/src/test/java/cn/bsnedge/ledger/protocol/ProtocolVectors.java");
        root.put("regenerate", regenerate);
        Topics topics = new Topics(AnchorFixtures.CITY);
        root.put("city", AnchorFixtures.CITY);
        ObjectNode t = root.putObject("topics");
        for (Topics.Channel c : Topics.Channel.values()) {
            t.put(c.level(), topics.topic(Fixtures.GATEWAY, c));
        }
        t.put("sharedAnchors", topics.sharedAnchors(AnchorFixtures.SHARE_GROUP));
        ObjectNode limits = root.putObject("limits");
        for (MessageKind k : MessageKind.values()) {
            limits.put(k.label(), k.maxBytes());
        }
        ObjectNode suites = root.putObject("suites");
        for (CryptoSuite suite : CryptoSuite.values()) {
            suites.set(suite.label(), suite(AnchorFixtures.scenario(suite)));
        }
        files.put(FILE, root.toPrettyString() + "\n");
    }

    private static ObjectNode suite(Scenario s) {
        CryptoSuite suite = s.suite();
        PrivateKey node = Fixtures.nodeKey(suite);
        ObjectNode n = JSON.createObjectNode();
        n.put("suite", suite.label());
        n.put("gateway", Fixtures.GATEWAY);
        n.put("gatewayPublicKey", HEX.formatHex(Fixtures.fixedKey(suite).publicKey().encoded()));
        n.put("gatewayKeyOrigin", "the private key of format-v1.json blocks." + suite.label());
        n.put("node", Fixtures.NODE);
        n.put("nodePrivateKey", HEX.formatHex(node.encoded()));
        n.put("nodePrivateKeyOrigin", switch (suite) {
            case ED25519_SHA256 -> "RFC 8032 section 7.1 TEST 2 secret key";
            case SM2_SM3 -> "scalar = SHA-256(ASCII \"bsn-edge test node key sm2\")";
            case P256_SHA256 -> "scalar = SHA-256(ASCII \"bsn-edge test node key p256\")";
        });
        n.put("nodePublicKey", HEX.formatHex(node.publicKey().encoded()));
        n.put("nodeKeyFingerprint", node.publicKey().fingerprint());
        ArrayNode hashes = n.putArray("blockHashes");
        ArrayNode leaves = n.putArray("leafHashes");
        for (long h = 0; h < s.log().size(); h++) {
            hashes.add(HEX.formatHex(Fixtures.vectorBlockHash(suite, h)));
            leaves.add(HEX.formatHex(s.log().leafHash(h)));
        }
        n.put("blockHashOrigin", "heights 7 and 8: blockHash of format-v1.json blocks." + suite.label() + " and registryBlocks."
                + suite.label() + "; every other height a stand-in, " + suite.hash().name() + "(ASCII \"bsn-edge vectors: block <height>\")");
        ObjectNode m = n.putObject("messages");
        m.set("anchorFirst", anchor(s.first()));
        m.set("anchorNext", anchor(s.second()));
        m.set("receiptFirst", signed(s.firstReceipt(), Messages.encodeReceipt(s.firstReceipt())));
        m.set("receiptNext", signed(s.secondReceipt(), Messages.encodeReceipt(s.secondReceipt())));
        ObjectNode rebase = anchor(s.rebaseNeeded());
        rebase.put("note", "anchorNext's tree head sent with previous size 0, as by a gateway that lost receiptFirst; answered by rejection");
        m.set("anchorRebaseNeeded", rebase);
        m.set("rejection", signed(s.rejection(), Messages.encodeRejection(s.rejection())));
        m.set("birth", signed(s.birth(), Messages.encodeBirth(s.birth())));
        m.set("death", signed(s.death(), Messages.encodeDeath(s.death())));
        ObjectNode blocks = m.putObject("blocks");
        blocks.put("note", "the sealed blocks 7 and 8 of format-v1.json (blocks and registryBlocks), cause live");
        blocks.put("message", HEX.formatHex(Messages.encodeBlocks(s.blocks())));
        ObjectNode resend = m.putObject("resend");
        resend.put("fromHeight", s.resend().fromHeight());
        resend.put("count", s.resend().count());
        resend.put("message", HEX.formatHex(Messages.encodeResend(s.resend())));
        ObjectNode inclusion = n.putObject("blockInclusion");
        inclusion.put("height", Fixtures.VECTOR_HEIGHT);
        inclusion.put("treeSize", s.second().head().treeSize());
        ArrayNode path = inclusion.putArray("path");
        s.log().inclusionProof(Fixtures.VECTOR_HEIGHT, s.second().head().treeSize()).path().forEach(p -> path.add(HEX.formatHex(p)));
        return n;
    }

    private static ObjectNode anchor(Anchor a) {
        ObjectNode n = signed(a.treeHead(), Messages.encodeAnchor(a));
        n.put("treeSize", a.head().treeSize());
        n.put("rootHash", HEX.formatHex(a.head().rootHash()));
        n.put("prevSize", a.prevSize());
        ArrayNode path = n.putArray("consistencyPath");
        a.consistencyPath().forEach(p -> path.add(HEX.formatHex(p)));
        n.put("correlationData", HEX.formatHex(Messages.correlationData(a.head())));
        return n;
    }

    private static ObjectNode signed(Signed<? extends Statement> s, byte[] message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("statement", HEX.formatHex(s.statement().encode()));
        n.put("context", s.statement().context().label());
        n.put("signingMessage", HEX.formatHex(s.statement().signingMessage()));
        n.put("signature", HEX.formatHex(s.signature()));
        n.put("message", HEX.formatHex(message));
        return n;
    }

    /** The statement bytes of each message kind in {@code messages}, for tests. */
    static List<String> signedMessageNames() {
        return List.of("anchorFirst", "anchorNext", "anchorRebaseNeeded", "receiptFirst", "receiptNext", "rejection", "birth", "death");
    }
}
