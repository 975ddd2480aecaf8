package cn.bsnedge.ledger.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.bsnedge.ledger.AnchorFixtures;
import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.anchor.AnchorCheck;
import cn.bsnedge.ledger.anchor.AnchorDecision;
import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.AnchorRejection;
import cn.bsnedge.ledger.anchor.AnchorVerifier;
import cn.bsnedge.ledger.anchor.BlockHashLog;
import cn.bsnedge.ledger.anchor.MemoryNodeStore;
import cn.bsnedge.ledger.anchor.RejectionReason;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.block.BlockVerifier;
import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.merkle.MerkleHasher;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Reads the committed {@code protocol-v1.json} as a city implementer would: decodes every
 * payload, checks every signature with the keys it states, replays the node's decisions, and
 * checks that PROTOCOL.md's annotated examples are exactly these vectors. (That the file is what
 * the code produces now is {@code FormatVectorsTest}'s job.)
 */
class ProtocolVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    static Path docs() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("ledger-lite")))) {
            p = p.getParent();
        }
        return p.resolve("docs");
    }

    static JsonNode vectors() throws IOException {
        return JSON.readTree(Files.readString(docs().resolve("vectors").resolve(ProtocolVectors.FILE), StandardCharsets.UTF_8));
    }

    static byte[] hex(JsonNode n, String field) {
        return HEX.parseHex(n.get(field).asText());
    }

    @Test
    void everySuite_messagesDecodeVerifyAndReplayTheStory() throws Exception {
        JsonNode root = vectors();
        Topics topics = new Topics(root.get("city").asText());
        for (CryptoSuite suite : CryptoSuite.values()) {
            JsonNode s = root.get("suites").get(suite.label());
            String gw = s.get("gateway").asText();
            List<PublicKey> gwKeys = List.of(PublicKey.create(suite, hex(s, "gatewayPublicKey")));
            List<PublicKey> nodeKeys = List.of(PublicKey.create(suite, hex(s, "nodePublicKey")));
            assertEquals(s.get("nodeKeyFingerprint").asText(), nodeKeys.getFirst().fingerprint());
            JsonNode m = s.get("messages");

            // The tree over the stated block hashes has the anchors' roots.
            BlockHashLog log = BlockHashLog.create(new MerkleHasher(suite.hash()), new MemoryNodeStore());
            for (JsonNode h : s.get("blockHashes")) {
                log.append(HEX.parseHex(h.asText()));
            }
            Anchor first = Messages.decodeAnchor(hex(m.get("anchorFirst"), "message"));
            Anchor next = Messages.decodeAnchor(hex(m.get("anchorNext"), "message"));
            assertArrayEquals(log.root(first.head().treeSize()), first.head().rootHash(), suite.label());
            assertArrayEquals(log.root(), next.head().rootHash(), suite.label());
            assertEquals(topics.anchor(gw), root.get("topics").get("anchor").asText());

            // The node's decisions: accept, accept the extension, rebase the one from 0.
            assertInstanceOf(AnchorDecision.Accepted.class, AnchorCheck.check(first, gw, gwKeys, AnchorCheck.Recorded.nothing()));
            AnchorCheck.Recorded afterFirst = AnchorCheck.Recorded.latest(first.head());
            assertInstanceOf(AnchorDecision.Accepted.class, AnchorCheck.check(next, gw, gwKeys, afterFirst));
            Anchor rebase = Messages.decodeAnchor(hex(m.get("anchorRebaseNeeded"), "message"));
            assertEquals(RejectionReason.BASE_MISMATCH, assertInstanceOf(AnchorDecision.Rejected.class,
                    AnchorCheck.check(rebase, gw, gwKeys, afterFirst)).reason());

            // Receipts and the rejection verify under the node key and say what the story says.
            AnchorResponse r1 = Messages.decodeResponse(hex(m.get("receiptFirst"), "message"));
            AnchorVerifier.verifyReceipt(assertInstanceOf(AnchorResponse.Receipt.class, r1).receipt(), nodeKeys, first.head());
            AnchorResponse r2 = Messages.decodeResponse(hex(m.get("receiptNext"), "message"));
            AnchorReceipt receipt = ((AnchorResponse.Receipt) r2).receipt().statement();
            AnchorVerifier.verifyReceipt(((AnchorResponse.Receipt) r2).receipt(), nodeKeys, next.head());
            assertEquals(57, receipt.ledgerSeq());
            Signed<AnchorRejection> rejection = assertInstanceOf(AnchorResponse.Rejection.class,
                    Messages.decodeResponse(hex(m.get("rejection"), "message"))).rejection();
            AnchorVerifier.verifyRejection(rejection, nodeKeys, gw);
            assertEquals(first.head().treeSize(), rejection.statement().recordedSize());
            assertArrayEquals(first.head().rootHash(), rejection.statement().recordedRoot());

            // Birth and death verify under the gateway key and match the chain.
            var birth = Messages.decodeBirth(hex(m.get("birth"), "message"));
            birth.verify(gwKeys.getFirst());
            assertEquals(log.size(), birth.statement().blockCount());
            assertArrayEquals(HEX.parseHex(s.get("blockHashes").get((int) log.size() - 1).asText()), birth.statement().headHash());
            var death = Messages.decodeDeath(hex(m.get("death"), "message"));
            death.verify(gwKeys.getFirst());
            assertEquals(birth.statement().session(), death.statement().session());

            // Telemetry: blocks 7 and 8 verify, chain, and are leaves 7 and 8 of the log.
            BlockBatch batch = Messages.decodeBlocks(hex(m.get("blocks"), "message"));
            for (MicroBlock b : batch.blocks()) {
                BlockVerifier.verifySignature(b.header(), b.signature(), gwKeys.getFirst());
                BlockVerifier.verifyContents(b);
                assertArrayEquals(log.leafHash(b.height()), log.hasher().leafHash(b.hash()));
                AnchorVerifier.verifyBlockInTree(b.header(), next.head(), log.inclusionProof(b.height(), log.size()).path());
            }
            BlockVerifier.verifyLink(ChainHead.after(batch.blocks().get(0)), batch.blocks().get(1).header());
            ResendRequest resend = Messages.decodeResend(hex(m.get("resend"), "message"));
            assertEquals(batch.firstHeight(), resend.fromHeight());

            // Each signed statement's signing message is context ‖ 0x00 ‖ statement.
            for (String name : ProtocolVectors.signedMessageNames()) {
                JsonNode v = m.get(name);
                byte[] ctx = v.get("context").asText().getBytes(StandardCharsets.US_ASCII);
                String want = HEX.formatHex(ctx) + "00" + v.get("statement").asText();
                assertEquals(want, v.get("signingMessage").asText(), suite.label() + " " + name);
            }
        }
    }

    @Test
    void protocolVectors_matchTheFixturesOfTheStory() throws Exception {
        JsonNode s = vectors().get("suites").get("sm2-sm3");
        AnchorFixtures.Scenario sc = AnchorFixtures.scenario(CryptoSuite.SM2_SM3);
        assertEquals(HEX.formatHex(Messages.encodeAnchor(sc.second())), s.get("messages").get("anchorNext").get("message").asText());
        assertEquals(sc.second().consistencyPath().size(), s.get("messages").get("anchorNext").get("consistencyPath").size());
    }

    /**
     * PROTOCOL.md's annotated examples are hand-laid-out copies of the ed25519 vectors; this keeps
     * them honest. "Example: the `a.b` vector" is followed by a code block whose lines are hex
     * groups, two or more spaces, then a comment; the hex concatenates to messages.a.b.
     */
    @Test
    void protocolMd_annotatedExamples_concatenateToTheirVectors() throws IOException {
        List<String> lines = Files.readAllLines(docs().resolve("PROTOCOL.md"), StandardCharsets.UTF_8);
        JsonNode messages = vectors().get("suites").get("ed25519-sha256").get("messages");
        Set<String> checked = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        Pattern example = Pattern.compile("^Example: the `([A-Za-z]+)\\.([A-Za-z]+)` vector");
        for (int i = 0; i < lines.size(); i++) {
            Matcher mt = example.matcher(lines.get(i));
            if (!mt.find()) {
                continue;
            }
            int j = i + 1;
            while (!lines.get(j).startsWith("```")) {
                j++;
            }
            StringBuilder hex = new StringBuilder();
            for (j++; !lines.get(j).startsWith("```"); j++) {
                for (String token : lines.get(j).strip().split("\\s{2,}")[0].split(" ")) {
                    if (!token.matches("([0-9a-f]{2})+")) {
                        break;
                    }
                    hex.append(token);
                }
            }
            String want = messages.get(mt.group(1)).get(mt.group(2)).asText();
            if (!want.contentEquals(hex)) {
                wrong.add("PROTOCOL.md line " + (i + 1) + " (" + mt.group(1) + "." + mt.group(2) + "): got " + hex + ", want " + want);
            }
            checked.add(mt.group(1) + "." + mt.group(2));
        }
        assertEquals(List.of(), wrong);
        assertTrue(checked.containsAll(Set.of("anchorFirst.statement", "anchorFirst.message", "anchorNext.message", "receiptNext.message",
                "rejection.message", "birth.message", "death.message", "resend.message")), checked.toString());
    }
}
