package cn.bsnedge.node.cli;

import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.bundle.ProofBundle;
import cn.bsnedge.ledger.bundle.TrustedNodeKey;
import cn.bsnedge.ledger.protocol.AnchorResponse;
import cn.bsnedge.ledger.protocol.Messages;
import cn.bsnedge.node.anchoring.AnchorService;
import cn.bsnedge.node.keys.NodeKeyFile;
import cn.bsnedge.node.keys.NodeKeyFile.NodeIdentity;
import cn.bsnedge.node.ledger.FileAnchorLedger;
import cn.bsnedge.node.registry.GatewayRegistry;
import cn.bsnedge.node.telemetry.BlockArchive;
import cn.bsnedge.node.testing.FakeGateway;
import cn.bsnedge.node.testing.NodeHarness;
import cn.bsnedge.node.testing.TestNodes;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CliTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private final FakeGateway gw = new FakeGateway(TestNodes.GATEWAY, NodeHarness.SUITE, 3);

    /** A node data directory with the gateway registered, 8 blocks archived and anchored at 5 and 8. */
    private NodeIdentity populate(List<MicroBlock> archivedBlocks) throws Exception {
        NodeIdentity node = NodeKeyFile.loadOrCreate(dir, TestNodes.NODE_ID, NodeHarness.SUITE, new SecureRandom());
        GatewayRegistry registry = GatewayRegistry.open(dir);
        registry.add(gw.trustedKey());
        try (FileAnchorLedger ledger = FileAnchorLedger.open(dir.resolve("ledger"), node.nodeId(), NodeHarness.SUITE);
             BlockArchive archive = BlockArchive.open(dir, "seg-test")) {
            AnchorService service = new AnchorService(node, registry::keys, ledger, InstantSource.system());
            assertInstanceOf(AnchorResponse.Receipt.class, service.handle(gw.id(), Messages.encodeAnchor(gw.anchor(0))).response());
            archive.append(gw.id(), archivedBlocks, Collections.nCopies(archivedBlocks.size(), BlockArchive.Status.VERIFIED));
        }
        return node;
    }

    @Test
    void keyExport_printsTheNodeTrustFile() throws Exception {
        Run none = run("key", "export", "--data", dir.toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no node key"), none.err());
        NodeIdentity node = NodeKeyFile.loadOrCreate(dir, TestNodes.NODE_ID, NodeHarness.SUITE, new SecureRandom());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(NodeKeyFile.keyFile(dir))));
        Run r = run("key", "export", "--data", dir.toString());
        assertEquals(0, r.code());
        assertEquals(node.key().publicKey(), TrustedNodeKey.parse(r.out(), "stdout").key());
    }

    @Test
    void gatewaysAdd_thenList() throws Exception {
        Path key = dir.resolve("gw.json");
        Files.writeString(key, gw.trustedKey().toJson());
        Run add = run("gateways", "add", "--data", dir.toString(), "--key", key.toString());
        assertEquals(0, add.code(), add.err());
        assertTrue(add.out().startsWith("registered " + gw.id()), add.out());
        assertTrue(run("gateways", "add", "--data", dir.toString(), "--key", key.toString()).out().startsWith("already registered"));
        Files.writeString(key, "{\"format\":\"bsn-edge-node-key/1\"}");
        Run bad = run("gateways", "add", "--data", dir.toString(), "--key", key.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("is not a gateway key"), bad.err());
        Run list = run("gateways", "list", "--data", dir.toString());
        assertEquals(0, list.code());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(gw.id()) && l.contains("ed25519-sha256")
                && l.contains(gw.key().publicKey().fingerprint().substring(0, 16))), list.out());
    }

    @Test
    void gatewaysAdd_signedRegistrationRequest_checkedAndRefusedWhenAltered() throws Exception {
        Path vector = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/vectors/registration-ed25519-sha256.json");
        String json = Files.readString(vector);
        String fp = new ObjectMapper().readTree(json).get("fingerprint").asText();
        Run wrongFp = run("gateways", "add", "--data", dir.toString(), "--key", vector.toString(), "--fingerprint", "00" + fp.substring(2));
        assertEquals(1, wrongFp.code());
        assertTrue(wrongFp.err().contains("not 00"), wrongFp.err());
        Run ok = run("gateways", "add", "--data", dir.toString(), "--key", vector.toString(), "--fingerprint", fp.toUpperCase());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().startsWith("registered 88.1001.31/GW-0007 (ed25519-sha256)"), ok.out());
        assertTrue(ok.out().contains("fingerprint " + fp) && ok.out().contains("engineer \"李伟 (E-1042)\""), ok.out());
        assertEquals(1, GatewayRegistry.open(dir).keys("88.1001.31/GW-0007").size());

        var n = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(json);
        String sig = n.get("signature").asText();
        n.put("signature", (sig.charAt(0) == '0' ? "1" : "0") + sig.substring(1));
        Path altered = dir.resolve("altered.json");
        Files.writeString(altered, n.toString());
        Run refused = run("gateways", "add", "--data", dir.resolve("other").toString(), "--key", altered.toString());
        assertEquals(1, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("refused") && refused.err().contains("signature"), refused.err());
    }

    @Test
    void listAndAudit_ofAnAnchoredArchive() throws Exception {
        List<MicroBlock> blocks = gw.seal(5, 4);
        populate(blocks);
        Run list = run("gateways", "list", "--data", dir.toString());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(gw.id()) && l.matches(".*\\s5\\s.*")), list.out());
        Run audit = run("audit", "--data", dir.toString(), "--unanchored-after", "3650d");
        assertEquals(0, audit.code(), audit.out());
        assertTrue(audit.out().contains("OK      " + gw.id() + ": 5 heights archived, 0..4 unbroken, 20 readings; anchored up to size 5, 1 anchors checked"),
                audit.out());
    }

    @Test
    void audit_reportsAGapWithExitCode1() throws Exception {
        List<MicroBlock> blocks = gw.seal(5, 4);
        populate(List.of(blocks.get(0), blocks.get(1), blocks.get(3), blocks.get(4)));
        Run audit = run("audit", "--data", dir.toString(), "--gateway", gw.id(), "--unanchored-after", "3650d");
        assertEquals(1, audit.code(), audit.out());
        assertTrue(audit.out().contains("FINDING " + gw.id() + ": gap: height 2 missing"), audit.out());
    }

    @Test
    void export_csvAndJsonLines() throws Exception {
        populate(gw.seal(5, 4));
        Path csv = dir.resolve("out.csv");
        Run r = run("export", "--data", dir.toString(), "--format", "csv", "--out", csv.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("gateway,height,sensor,seq,time,clock,quantity,unit,value,valueType", lines.getFirst());
        assertEquals(21, lines.size());
        assertTrue(lines.get(1).startsWith(gw.id() + ",0,88.1001.31/TMP-0001,0,"), lines.get(1));
        assertTrue(r.err().contains("export: 20 readings from 5 blocks"), r.err());
        Path jsonl = dir.resolve("out.jsonl");
        assertEquals(0, run("export", "--data", dir.toString(), "--format", "jsonl", "--out", jsonl.toString()).code());
        List<String> json = Files.readAllLines(jsonl);
        assertEquals(20, json.size());
        assertEquals("temperature", new ObjectMapper().readTree(json.get(3)).get("quantity").asText());
        assertEquals(2, run("export", "--data", dir.toString(), "--format", "xml").code());
    }

    @Test
    void verify_anchoredBundle_likeBsnEdge() throws Exception {
        List<MicroBlock> blocks = gw.seal(5, 4);
        NodeIdentity node = NodeKeyFile.loadOrCreate(dir, TestNodes.NODE_ID, NodeHarness.SUITE, new SecureRandom());
        GatewayRegistry registry = GatewayRegistry.open(dir);
        registry.add(gw.trustedKey());
        Anchor anchor = gw.anchor(0);
        AnchorResponse.Receipt receipt;
        try (FileAnchorLedger ledger = FileAnchorLedger.open(dir.resolve("ledger"), node.nodeId(), NodeHarness.SUITE)) {
            receipt = (AnchorResponse.Receipt) new AnchorService(node, registry::keys, ledger, InstantSource.system())
                    .handle(gw.id(), Messages.encodeAnchor(anchor)).response();
        }
        ProofBundle b = ProofBundle.of(blocks.get(2), 1, gw.key().publicKey().fingerprint())
                .withAnchor(anchor.treeHead(), gw.log().inclusionProof(2, 5))
                .withReceipt(receipt.receipt(), node.key().publicKey().fingerprint());
        Path trust = Files.createDirectories(dir.resolve("trust"));
        Files.writeString(trust.resolve("gw.json"), gw.trustedKey().toJson());
        NodeKeyFile.writeTrustFile(dir, node);
        Path bundle = dir.resolve("b.json");
        Files.writeString(bundle, b.toJson());
        Run ok = run("verify", "--trust", trust.toString(), bundle.toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("anchored: tree size 5 recorded by node " + node.nodeId() + " as #0"), ok.out());
        Files.writeString(bundle, b.toJson().replace("\"ledgerSeq\" : 0", "\"ledgerSeq\" : 7"));
        Run bad = run("verify", "--trust", trust.toString(), bundle.toString());
        assertEquals(1, bad.code(), bad.out());
        assertTrue(bad.out().startsWith("FAIL") && bad.out().contains("receipt"), bad.out());
        Files.writeString(bundle, "{");
        assertEquals(2, run("verify", "--trust", trust.toString(), bundle.toString()).code());
    }

    @Test
    void run_withoutNodeOrBroker_isAUsageError() {
        Run r = run("run", "--data", dir.toString(), "--city", "demo");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("node: give --node"), r.err());
        Run r2 = run("run", "--data", dir.toString(), "--city", "demo", "--node", TestNodes.NODE_ID);
        assertEquals(2, r2.code());
        assertTrue(r2.err().contains("broker: give --broker"), r2.err());
    }
}
