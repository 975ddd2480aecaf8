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
    void committedTamperedBundles_failWithTheStatedLink() throws Exception {
        JsonNode expected = JSON.readTree(committed("tampered/expected.json"));
        TrustedKey key = TrustedKey.parse(committed("trust-" + FormatVectorsGenerator.TAMPERED_SUITE_LABEL + ".json"), "trust");
        TrustedKeys trusted = TrustedKeys.of(List.of(key));
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
        assertTrue(cases >= 10, cases + " cases");
    }
}
