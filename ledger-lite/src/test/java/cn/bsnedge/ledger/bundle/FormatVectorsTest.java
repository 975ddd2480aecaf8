package cn.bsnedge.ledger.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.block.BlockVerifier;
import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.entry.EntryCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed vectors in {@code docs/vectors/} are the contract a city implements against.
 * This test recomputes them and fails on any difference, so a format change cannot land
 * without updated vectors; it also verifies the committed files as an outside verifier would.
 * With {@code -Dbsn.vectors.write=true} it rewrites the files first (see docs/vectors/README.md).
 */
class FormatVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final Path DIR = FormatVectorsGenerator.vectorsDir();
    private static Map<String, String> generated;

    @BeforeAll
    static void generate() {
        generated = FormatVectorsGenerator.generate();
        if (Boolean.getBoolean("bsn.vectors.write")) {
            generated.forEach((name, content) -> FormatVectorsGenerator.write(DIR.resolve(name), content));
        }
    }

    private static String committed(String name) throws IOException {
        return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
    }

    @Test
    void generator_isDeterministic() {
        assertEquals(generated, FormatVectorsGenerator.generate());
    }

    @Test
    void committedVectors_equalRecomputedVectors() throws IOException {
        List<String> differ = new ArrayList<>();
        for (Map.Entry<String, String> f : generated.entrySet()) {
            Path p = DIR.resolve(f.getKey());
            if (!Files.exists(p)) {
                differ.add(f.getKey() + ": missing");
            } else if (!committed(f.getKey()).equals(f.getValue())) {
                differ.add(f.getKey() + ": differs from what the code produces now");
            }
        }
        assertEquals(List.of(), differ, "docs/vectors is stale; if the format change is intended, regenerate with: "
                + FormatVectorsGenerator.REGENERATE + " and update docs/FORMAT.md");
    }

    @Test
    void committedVectors_haveNoStrayFiles() throws IOException {
        Set<String> present = new TreeSet<>();
        try (Stream<Path> s = Files.walk(DIR)) {
            s.filter(Files::isRegularFile).forEach(p -> present.add(DIR.relativize(p).toString().replace('\\', '/')));
        }
        present.remove("README.md");
        assertEquals(new TreeSet<>(generated.keySet()), present);
    }

    @Test
    void committedBundles_verifyAgainstCommittedTrustFiles() throws Exception {
        for (CryptoSuite suite : CryptoSuite.values()) {
            TrustedKey key = TrustedKey.parse(committed("trust-" + suite.label() + ".json"), "trust-" + suite.label() + ".json");
            ProofBundle bundle = ProofBundle.parse(committed("bundle-" + suite.label() + ".json"), "bundle-" + suite.label() + ".json");
            BundleVerifier.VerifiedReading v = new BundleVerifier(TrustedKeys.of(List.of(key))).verify(bundle);
            assertEquals(Fixtures.GATEWAY, v.header().gatewayId());
            assertEquals(suite, v.header().suite());
            assertEquals(Fixtures.floatReading(), v.reading());
        }
    }

    @Test
    void committedBlocks_decodeVerifyAndHashAsStated() throws Exception {
        JsonNode blocks = JSON.readTree(committed("format-v1.json")).get("blocks");
        for (CryptoSuite suite : CryptoSuite.values()) {
            JsonNode n = blocks.get(suite.label());
            MicroBlock b = MicroBlock.decode(HEX.parseHex(n.get("sealedBlock").asText()));
            assertArrayEquals(HEX.parseHex(n.get("header").asText()), b.header().encode(), suite.label());
            assertArrayEquals(HEX.parseHex(n.get("blockHash").asText()), b.hash(), suite.label());
            assertArrayEquals(HEX.parseHex(n.get("signature").asText()), b.signature(), suite.label());
            assertArrayEquals(HEX.parseHex(n.get("signingMessage").asText()), b.header().signingMessage(), suite.label());
            PublicKey key = PublicKey.create(suite, HEX.parseHex(n.get("publicKey").asText()));
            BlockVerifier.verifySignature(b.header(), b.signature(), key);
            BlockVerifier.verifyContents(b);
            BlockVerifier.verifyLink(new ChainHead(n.get("height").asLong(), HEX.parseHex(n.get("prevHash").asText())), b.header());
            for (int i = 0; i < 3; i++) {
                assertEquals(n.get("entries").get(i).asText(), HEX.formatHex(b.entry(i)));
            }
        }
        JsonNode entries = JSON.readTree(committed("format-v1.json")).get("entries");
        assertEquals(Fixtures.decimalReading(), EntryCodec.decode(HEX.parseHex(entries.get("reading-decimal").get("hex").asText())));
        assertEquals(Fixtures.floatReading(), EntryCodec.decode(HEX.parseHex(entries.get("reading-float64").get("hex").asText())));
    }

    @Test
    void committedRegistryVectors_decodeToTheFixtures_andTheirBlocksChainOntoBlock7() throws Exception {
        JsonNode root = JSON.readTree(committed("format-v1.json"));
        JsonNode entries = root.get("entries");
        assertEquals(Fixtures.registration(), EntryCodec.decode(HEX.parseHex(entries.get("registration").get("hex").asText())));
        assertEquals(Fixtures.recalibration(), EntryCodec.decode(HEX.parseHex(entries.get("calibration").get("hex").asText())));
        assertEquals(Fixtures.retirement(), EntryCodec.decode(HEX.parseHex(entries.get("retirement").get("hex").asText())));
        for (CryptoSuite suite : CryptoSuite.values()) {
            JsonNode n = root.get("registryBlocks").get(suite.label());
            MicroBlock b = MicroBlock.decode(HEX.parseHex(n.get("sealedBlock").asText()));
            PublicKey key = PublicKey.create(suite, HEX.parseHex(n.get("publicKey").asText()));
            BlockVerifier.verifySignature(b.header(), b.signature(), key);
            assertEquals(Fixtures.registryLife(), BlockVerifier.verifyContents(b), suite.label());
            MicroBlock previous = MicroBlock.decode(HEX.parseHex(root.get("blocks").get(suite.label()).get("sealedBlock").asText()));
            BlockVerifier.verifyLink(new ChainHead(previous.height() + 1, previous.hash()), b.header());
        }
    }

    @Test
    void committedClockStepVectors_decodeToTheFixtures_andTheirBlocksChainOntoBlock8_andFollowTheRegistryRules() throws Exception {
        JsonNode root = JSON.readTree(committed("format-v1.json"));
        JsonNode entries = root.get("entries");
        assertEquals(Fixtures.forwardStep(), EntryCodec.decode(HEX.parseHex(entries.get("clock-step-forward").get("hex").asText())));
        assertEquals(Fixtures.backwardStep(), EntryCodec.decode(HEX.parseHex(entries.get("clock-step-backward").get("hex").asText())));
        assertEquals("PT-30S", entries.get("clock-step-backward").get("fields").get("step").asText());
        for (CryptoSuite suite : CryptoSuite.values()) {
            JsonNode n = root.get("clockStepBlocks").get(suite.label());
            MicroBlock b = MicroBlock.decode(HEX.parseHex(n.get("sealedBlock").asText()));
            PublicKey key = PublicKey.create(suite, HEX.parseHex(n.get("publicKey").asText()));
            BlockVerifier.verifySignature(b.header(), b.signature(), key);
            List<cn.bsnedge.ledger.entry.Entry> decoded = BlockVerifier.verifyContents(b);
            assertEquals(Fixtures.clockStepLife(), decoded, suite.label());
            MicroBlock previous = MicroBlock.decode(HEX.parseHex(root.get("registryBlocks").get(suite.label()).get("sealedBlock").asText()));
            BlockVerifier.verifyLink(new ChainHead(previous.height() + 1, previous.hash()), b.header());
            // Blocks 8 and 9 together: the retired sensor, its replacement, and the gateway's two steps.
            List<cn.bsnedge.ledger.entry.Entry> both = new ArrayList<>(BlockVerifier.verifyContents(previous));
            both.addAll(decoded);
            assertEquals(2L, cn.bsnedge.ledger.registry.SensorRegistry.fold(both).lastClockStep(Fixtures.GATEWAY_CODE).orElseThrow());
        }
    }

    /**
     * The annotated examples in FORMAT.md are hand-laid-out copies of vectors; this keeps them
     * honest. Each example line is hex groups, then two or more spaces, then the comment.
     */
    @Test
    void formatMd_annotatedExamples_concatenateToTheirVectors() throws IOException {
        List<String> lines = Files.readAllLines(DIR.getParent().resolve("FORMAT.md"), StandardCharsets.UTF_8);
        JsonNode entries = JSON.readTree(committed("format-v1.json")).get("entries");
        Set<String> checked = new TreeSet<>();
        for (int i = 0; i < lines.size(); i++) {
            var m = Pattern.compile("^Example: the `([a-z0-9-]+)` vector").matcher(lines.get(i));
            if (!m.find()) {
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
            assertEquals(entries.get(m.group(1)).get("hex").asText(), hex.toString(), "FORMAT.md line " + (i + 1));
            checked.add(m.group(1));
        }
        assertEquals(Set.of("reading-decimal", "registration", "calibration", "retirement", "clock-step-forward"), checked);
    }

    @Test
    void committedTamperedBundles_failWithTheStatedLink() throws Exception {
        JsonNode expected = JSON.readTree(committed("tampered/expected.json"));
        List<TrustFile> trust = new ArrayList<>();
        for (JsonNode f : expected.get("trust")) {
            trust.add(TrustFile.parse(committed("tampered/" + f.asText()), f.asText()));
        }
        TrustedKeys trusted = TrustedKeys.fromFiles(trust);
        assertEquals(1, trusted.nodeKeyCount());
        List<String> wrong = new ArrayList<>();
        int cases = 0;
        for (var it = expected.get("cases").fields(); it.hasNext(); ) {
            var c = it.next();
            cases++;
            String got = BundleTamperTest.outcome(JSON.readTree(committed("tampered/" + c.getKey())), trusted);
            String want = c.getValue().get("link").asText();
            if (!want.equals(got)) {
                wrong.add(c.getKey() + ": got " + (got == null ? "verified" : got) + ", want " + want);
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(cases >= 22, cases + " cases");
    }
}
