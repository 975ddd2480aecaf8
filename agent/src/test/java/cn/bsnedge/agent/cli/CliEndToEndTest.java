package cn.bsnedge.agent.cli;

import cn.bsnedge.agent.keys.GatewayKeyFile;
import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.store.LogBlockStore;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.bundle.TrustedKey;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.entry.EntryCodec;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The documented walk-through, in-process: demo → proof → verify, and every way verify must say no. */
class CliEndToEndTest {

    private static final String TMP = "88.1001.31/TMP-0001";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEIGHTS = Pattern.compile("heights (\\d+)\\.\\.(\\d+)");
    private static final Pattern KEY = Pattern.compile("key ([0-9a-f]{16})…");

    /** One ed25519 demo directory and a bundle of TMP seq 2 (its first reading), shared read-only by the bundle tests. */
    @TempDir
    static Path shared;
    private static String bundle;

    @TempDir
    Path dir;

    @BeforeAll
    static void demoAndProof() {
        Cli.Result demo = demo(shared, "ed25519-sha256");
        assertEquals(0, demo.code(), demo.transcript());
        // Seq 1 is the sensor's registration (FORMAT.md §2.5); its first reading is seq 2.
        Cli.Result proof = Cli.run("proof", "--data", shared.toString(), "--sensor", TMP, "--seq", "2");
        assertEquals(0, proof.code(), proof.transcript());
        bundle = proof.out();
    }

    private static Cli.Result demo(Path data, String suite, String... more) {
        String[] base = {"demo", "--data", data.toString(), "--suite", suite, "--duration", "1500ms", "--interval", "20ms",
                "--seal-after", "200ms", "--proofs", "2"};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return Cli.run(args);
    }

    private Cli.Result verify(String bundleJson) throws Exception {
        Path f = dir.resolve("bundle.json");
        Files.writeString(f, bundleJson);
        return Cli.run("verify", "--trust", shared.resolve("trust").toString(), f.toString());
    }

    private String edited(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(bundle);
        edit.accept(n);
        return n.toPrettyString();
    }

    private static String flipLastHexDigit(String hex) {
        char c = hex.charAt(hex.length() - 1);
        return hex.substring(0, hex.length() - 1) + (c == '0' ? '1' : '0');
    }

    private static void assertFailsAt(String link, Cli.Result r) {
        assertEquals(1, r.code(), r.transcript());
        assertTrue(r.out().contains("FAIL") && r.out().contains(": " + link + ": "), "want link '" + link + "':\n" + r.transcript());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519-sha256", "sm2-sm3", "p256-sha256"})
    void demoProofVerify_eachSuite_verifies(String suite) throws Exception {
        Cli.Result demo = demo(dir, suite);
        assertEquals(0, demo.code(), demo.transcript());
        assertTrue(demo.out().contains("suite " + suite), demo.transcript());
        Cli.Result proof = Cli.run("proof", "--data", dir.toString(), "--sensor", TMP, "--seq", "3");
        assertEquals(0, proof.code(), proof.transcript());
        Path f = dir.resolve("tmp-3.json");
        Files.writeString(f, proof.out());
        Cli.Result verify = Cli.run("verify", "--trust", dir.resolve("trust").toString(), f.toString());
        assertEquals(0, verify.code(), verify.transcript());
        assertTrue(verify.out().startsWith("OK") && verify.out().contains(TMP + " seq 3") && verify.out().contains(suite),
                verify.transcript());
        try (var proofs = Files.list(dir.resolve("proofs"))) { // the bundles demo wrote verify too
            String[] args = proofs.map(Path::toString).toArray(String[]::new);
            assertEquals(2, args.length);
            Cli.Result all = Cli.run("verify", "--trust", dir.resolve("trust").toString(), args[0], args[1]);
            assertEquals(0, all.code(), all.transcript());
        }
    }

    @Test
    void verify_trustDirOfAnotherGateway_failsAtTrust() throws Exception {
        PrivateKey other = PrivateKey.generate(CryptoSuite.ED25519_SHA256, new SecureRandom());
        Path trust = Files.createDirectories(dir.resolve("trust"));
        Files.writeString(trust.resolve("other.json"), new TrustedKey("88.1001.31/GW-OTHER-02", other.publicKey()).toJson());
        Path f = dir.resolve("bundle.json");
        Files.writeString(f, bundle);
        Cli.Result r = Cli.run("verify", "--trust", trust.toString(), f.toString());
        assertFailsAt("trust", r);
        assertTrue(r.out().contains("88.1001.31/GW-OTHER-02"), r.transcript());
    }

    @Test
    void verify_sameGatewayIdButAnotherKey_failsAtSignature() throws Exception {
        PrivateKey other = PrivateKey.generate(CryptoSuite.ED25519_SHA256, new SecureRandom());
        Path trust = Files.createDirectories(dir.resolve("trust"));
        Files.writeString(trust.resolve("impostor.json"), new TrustedKey("88.1001.31/GW-DEMO-01", other.publicKey()).toJson());
        Path f = dir.resolve("bundle.json");
        Files.writeString(f, bundle);
        assertFailsAt("signature", Cli.run("verify", "--trust", trust.toString(), f.toString()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "entry byte,            entry",
        "leafIndex,             inclusion",
        "inclusionPath element, inclusion",
        "header byte,           header",
        "signature byte,        signature",
        "reading.value,         entry",
        "reading.seq,           entry",
        "block.height,          header",
        "block.merkleRoot,      header",
        "header and block view, signature",
    })
    void verify_modifiedCoveredField_failsAtItsLink(String field, String link) throws Exception {
        String json = edited(n -> {
            ObjectNode reading = (ObjectNode) n.get("reading");
            ObjectNode block = (ObjectNode) n.get("block");
            switch (field) {
                case "entry byte" -> n.put("entry", flipLastHexDigit(n.get("entry").asText()));
                case "leafIndex" -> n.put("leafIndex", n.get("leafIndex").asLong() + 1);
                case "inclusionPath element" -> {
                    ArrayNode path = (ArrayNode) n.get("inclusionPath");
                    path.set(0, path.get(0).asText().replaceFirst("^.", path.get(0).asText().startsWith("0") ? "1" : "0"));
                }
                // The last header byte is the low byte of lastTimeMicros: still decodes, no longer matches the view.
                case "header byte" -> n.put("header", flipLastHexDigit(n.get("header").asText()));
                case "signature byte" -> n.put("signature", flipLastHexDigit(n.get("signature").asText()));
                case "reading.value" -> reading.put("value", reading.get("value").asText() + "1");
                case "reading.seq" -> reading.put("seq", 3);
                case "block.height" -> block.put("height", block.get("height").asLong() + 1);
                case "block.merkleRoot" -> block.put("merkleRoot", flipLastHexDigit(block.get("merkleRoot").asText()));
                // A forger who rewrites the header and its view consistently still lacks the key.
                case "header and block view" -> rewriteLastTime(n, block);
                default -> throw new IllegalArgumentException(field);
            }
        });
        assertFailsAt(link, verify(json));
    }

    private static void rewriteLastTime(ObjectNode n, ObjectNode block) {
        try {
            byte[] h = java.util.HexFormat.of().parseHex(n.get("header").asText());
            h[h.length - 1] ^= 0x01;
            var header = cn.bsnedge.ledger.block.MicroBlockHeader.decode(h);
            n.put("header", java.util.HexFormat.of().formatHex(h));
            block.put("lastTimeMicros", header.lastTimeMicros());
            block.put("hash", java.util.HexFormat.of().formatHex(header.hash()));
        } catch (cn.bsnedge.ledger.codec.FormatException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void verify_changedKeyFingerprint_stillPasses() throws Exception {
        Cli.Result r = verify(edited(n -> n.put("keyFingerprint", "00".repeat(32))));
        assertEquals(0, r.code(), "keyFingerprint is informational only:\n" + r.transcript());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"truncated", "not json", "unknown field", "unknown format", "entry not hex"})
    void verify_unreadableBundle_exits2(String kind) throws Exception {
        String json = switch (kind) {
            case "truncated" -> bundle.substring(0, bundle.length() / 2);
            case "not json" -> "bsn-edge-proof/1";
            case "unknown field" -> edited(n -> n.put("note", "trust me"));
            case "unknown format" -> edited(n -> n.put("bundle", "bsn-edge-proof/2"));
            case "entry not hex" -> edited(n -> n.put("entry", "zz"));
            default -> throw new IllegalArgumentException(kind);
        };
        Cli.Result r = verify(json);
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("UNREADABLE"), r.transcript());
    }

    @Test
    void verify_missingFile_exits2() {
        Cli.Result r = Cli.run("verify", "--trust", shared.resolve("trust").toString(), dir.resolve("nope.json").toString());
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("nope.json"), r.transcript());
    }

    @Test
    void verify_withoutTrust_isUsageErrorExit2() throws Exception {
        Path f = dir.resolve("bundle.json");
        Files.writeString(f, bundle);
        Cli.Result r = Cli.run("verify", f.toString());
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("--trust"), r.transcript());
    }

    @Test
    void proof_uncommittedSeq_exits1NamingTheRange() {
        Cli.Result r = Cli.run("proof", "--data", shared.toString(), "--sensor", TMP, "--seq", "999999");
        assertEquals(1, r.code(), r.transcript());
        assertTrue(r.err().contains("no committed reading") && r.err().contains("seq 1.."), r.transcript());
    }

    @Test
    void proof_ofARegistrationSeq_exits1_sayingItIsNotAReading() {
        Cli.Result r = Cli.run("proof", "--data", shared.toString(), "--sensor", TMP, "--seq", "1");
        assertEquals(1, r.code(), r.transcript());
        assertTrue(r.err().contains("registration") && r.err().contains("not a reading"), r.transcript());
    }

    @Test
    void check_emptyDir_exits2() {
        Cli.Result r = Cli.run("check", "--data", dir.toString());
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("no gateway key"), r.transcript());
    }

    @Test
    void demo_rerunOnSameDir_continuesChainSeqsAndKey() throws Exception {
        Cli.Result first = demo(dir, "ed25519-sha256");
        assertEquals(0, first.code(), first.transcript());
        byte[] keyFile = Files.readAllBytes(GatewayKeyFile.keyFile(dir));
        Cli.Result second = demo(dir, "ed25519-sha256");
        assertEquals(0, second.code(), second.transcript());
        assertEquals(group(HEIGHTS, first.out(), 2) + 1, group(HEIGHTS, second.out(), 1), second.transcript());
        assertEquals(match(KEY, first.out()).group(1), match(KEY, second.out()).group(1));
        assertArrayEquals(keyFile, Files.readAllBytes(GatewayKeyFile.keyFile(dir)));
        // Across both runs every sensor's seqs are exactly 1, 2, 3, ... in chain order.
        GatewayIdentity id = GatewayKeyFile.load(GatewayKeyFile.keyFile(dir));
        Map<String, Long> last = new HashMap<>();
        try (LogBlockStore s = LogBlockStore.openExisting(dir.resolve("store"), id.gatewayId(), id.key().publicKey())) {
            for (long h = 0; h < s.size(); h++) {
                MicroBlock b = s.block(h).orElseThrow();
                for (int i = 0; i < b.entryCount(); i++) {
                    EntryCodec.Key k = EntryCodec.key(b.entry(i));
                    long want = last.getOrDefault(k.sensor().value(), 0L) + 1;
                    assertEquals(want, k.seq(), k.sensor() + " in block " + h);
                    last.put(k.sensor().value(), k.seq());
                }
            }
        }
        assertEquals(8, last.size(), last.toString());
    }

    @Test
    void demo_otherSuiteOnExistingDir_exits2NamingBothSuites() throws Exception {
        Cli.Result first = Cli.run("demo", "--data", dir.toString(), "--duration", "200ms", "--proofs", "0");
        assertEquals(0, first.code(), first.transcript());
        Cli.Result r = Cli.run("demo", "--data", dir.toString(), "--suite", "sm2-sm3", "--duration", "200ms");
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("ed25519-sha256") && r.err().contains("sm2-sm3")
                && r.err().contains("another data directory"), r.transcript());
    }

    private static Matcher match(Pattern p, String s) {
        Matcher m = p.matcher(s);
        assertTrue(m.find(), p + " not in:\n" + s);
        return m;
    }

    private static long group(Pattern p, String s, int g) {
        return Long.parseLong(match(p, s).group(g));
    }
}
