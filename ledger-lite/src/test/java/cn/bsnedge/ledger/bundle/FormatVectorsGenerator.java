package cn.bsnedge.ledger.bundle;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.block.MicroBlockHeader;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.entry.ClockStep;
import cn.bsnedge.ledger.entry.EntryCodec;
import cn.bsnedge.ledger.merkle.MerkleHasher;
import cn.bsnedge.ledger.protocol.ProtocolVectors;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds the FORMAT.md v1 test vectors in {@code docs/vectors/} from fixed keys and fixed
 * readings (see {@link Fixtures}). Every suite signs deterministically, so the output is the
 * same on every run; {@link FormatVectorsTest} compares it with the committed files.
 *
 * <p>Regenerate: {@code ./mvnw -q -B -pl ledger-lite test -Dtest=FormatVectorsTest -Dbsn.vectors.write=true}
 * (or run {@link #main} from an IDE with the repository root or ledger-lite as working directory).
 */
public final class FormatVectorsGenerator {

    public static final String REGENERATE = "./mvnw -q -B -pl ledger-lite test -Dtest=FormatVectorsTest -Dbsn.vectors.write=true";
    static final String TAMPERED_SUITE_LABEL = "ed25519-sha256";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private FormatVectorsGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = vectorsDir();
        for (Map.Entry<String, String> f : generate().entrySet()) {
            write(dir.resolve(f.getKey()), f.getValue());
        }
        System.out.println("wrote " + generate().size() + " files to " + dir);
    }

    /** {@code docs/vectors} of the repository containing the working directory. */
    static Path vectorsDir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("ledger-lite")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no repository root (mvnw + ledger-lite/) above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("docs").resolve("vectors");
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** File name (relative to docs/vectors) → exact content, in a stable order. */
    static Map<String, String> generate() {
        Map<String, String> files = new LinkedHashMap<>();
        ObjectNode root = JSON.createObjectNode();
        root.put("vectors", "bsn-edge-format/1");
        root.put("generator", "ledger-lite/src/test/java/cn/bsnedge/ledger/bundle/FormatVectorsGenerator.java");
        root.put("regenerate", REGENERATE);
        try {
            MicroBlock any = Fixtures.vectorBlock(CryptoSuite.ED25519_SHA256);
            ObjectNode entries = root.putObject("entries");
            String[] names = {"reading-decimal", "reading-float64", "reading-decimal-us"};
            for (int i = 0; i < names.length; i++) {
                ObjectNode e = entries.putObject(names[i]);
                e.set("reading", ProofBundle.of(any, i, null).readingView());
                e.put("hex", HEX.formatHex(any.entry(i)));
            }
            RegistryVectors.entries(entries);
            clockStepEntries(entries);
            ObjectNode blocks = root.putObject("blocks");
            for (CryptoSuite suite : CryptoSuite.values()) {
                blocks.set(suite.label(), block(suite, Fixtures.vectorBlock(suite),
                        suite.hash().name() + "(ASCII \"bsn-edge vectors: block 6\")"));
                PrivateKey key = Fixtures.fixedKey(suite);
                MicroBlock b = Fixtures.vectorBlock(suite);
                files.put("bundle-" + suite.label() + ".json", ProofBundle.of(b, BundleTamperTest.LEAF, key.publicKey().fingerprint()).toJson());
                files.put("trust-" + suite.label() + ".json", new TrustedKey(Fixtures.GATEWAY, key.publicKey()).toJson());
            }
            ObjectNode registryBlocks = root.putObject("registryBlocks");
            for (CryptoSuite suite : CryptoSuite.values()) {
                ObjectNode n = block(suite, Fixtures.registryBlock(suite), "blockHash of blocks." + suite.label());
                RegistryVectors.annotate(n);
                registryBlocks.set(suite.label(), n);
            }
            ObjectNode clockStepBlocks = root.putObject("clockStepBlocks");
            for (CryptoSuite suite : CryptoSuite.values()) {
                ObjectNode n = block(suite, Fixtures.clockStepBlock(suite), "blockHash of registryBlocks." + suite.label());
                RegistryVectors.annotate(n, Fixtures.clockStepLife());
                clockStepBlocks.set(suite.label(), n);
            }
            files.put("format-v1.json", root.toPrettyString() + "\n");
            ProtocolVectors.generate(files, REGENERATE);
            AnchoredVectors.generate(files);
            tampered(files);
            files.putAll(cn.bsnedge.ledger.gateway.RegistrationVectors.files());
        } catch (FormatException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    /** FORMAT.md §2.9: one step each way, with its decoded fields. */
    private static void clockStepEntries(ObjectNode entries) {
        clockStepEntry(entries, "clock-step-forward", Fixtures.forwardStep());
        clockStepEntry(entries, "clock-step-backward", Fixtures.backwardStep());
    }

    private static void clockStepEntry(ObjectNode entries, String name, ClockStep step) {
        ObjectNode n = entries.putObject(name);
        n.set("fields", RegistryVectors.fields(step));
        n.put("hex", HEX.formatHex(EntryCodec.encode(step)));
    }

    static ObjectNode block(CryptoSuite suite, MicroBlock b, String prevHashOrigin) {
        PrivateKey key = Fixtures.fixedKey(suite);
        MicroBlockHeader h = b.header();
        MerkleHasher hasher = new MerkleHasher(suite.hash());
        ObjectNode n = JSON.createObjectNode();
        n.put("suite", suite.label());
        n.put("suiteId", suite.id());
        n.put("privateKey", HEX.formatHex(key.encoded()));
        n.put("privateKeyOrigin", switch (suite) {
            case ED25519_SHA256 -> "RFC 8032 section 7.1 TEST 1 secret key";
            case SM2_SM3 -> "scalar = SHA-256(ASCII \"bsn-edge test key sm2\")";
            case P256_SHA256 -> "scalar = SHA-256(ASCII \"bsn-edge test key p256\")";
        });
        n.put("publicKey", HEX.formatHex(key.publicKey().encoded()));
        n.put("keyFingerprint", key.publicKey().fingerprint());
        n.put("gateway", h.gatewayId());
        n.put("height", h.height());
        n.put("prevHash", HEX.formatHex(h.prevHash()));
        n.put("prevHashOrigin", prevHashOrigin);
        ArrayNode entries = n.putArray("entries");
        ArrayNode leaves = n.putArray("leafHashes");
        for (byte[] e : b.entries()) {
            entries.add(HEX.formatHex(e));
            leaves.add(HEX.formatHex(hasher.leafHash(e)));
        }
        n.put("merkleRoot", HEX.formatHex(h.merkleRoot()));
        n.put("firstTimeMicros", h.firstTimeMicros());
        n.put("lastTimeMicros", h.lastTimeMicros());
        n.put("header", HEX.formatHex(h.encode()));
        n.put("blockHash", HEX.formatHex(h.hash()));
        n.put("signingMessage", HEX.formatHex(h.signingMessage()));
        n.put("signature", HEX.formatHex(b.signature()));
        n.put("sealedBlock", HEX.formatHex(b.encode()));
        return n;
    }

    /**
     * Golden tampered bundles (transparency-dev style): each is the ed25519 bundle with one
     * change, and {@code tampered/expected.json} states what a verifier must report for it.
     */
    private static void tampered(Map<String, String> files) {
        ObjectNode good;
        try {
            good = (ObjectNode) JSON.readTree(files.get("bundle-" + TAMPERED_SUITE_LABEL + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode expected = JSON.createObjectNode();
        expected.putArray("trust").add("../trust-" + TAMPERED_SUITE_LABEL + ".json").add("../trust-node-" + TAMPERED_SUITE_LABEL + ".json");
        ObjectNode cases = expected.putObject("cases");
        int headerRootNibble = 2 * (3 + Fixtures.GATEWAY.length() + 8 + 32);
        addCase(files, cases, good, "entry-flipped-bit", "entry", "last hex digit of entry flipped",
                n -> n.put("entry", BundleTamperTest.flipNibble(n.get("entry").asText(), n.get("entry").asText().length() - 1)));
        addCase(files, cases, good, "path-flipped-bit", "inclusion", "first hex digit of inclusionPath[0] flipped",
                n -> ((ArrayNode) n.get("inclusionPath")).set(0, BundleTamperTest.flipNibble(n.get("inclusionPath").get(0).asText(), 0)));
        addCase(files, cases, good, "path-truncated", "inclusion", "last inclusionPath element removed",
                n -> ((ArrayNode) n.get("inclusionPath")).remove(1));
        addCase(files, cases, good, "path-trailing-garbage", "inclusion", "an extra all-zero hash appended to inclusionPath",
                n -> ((ArrayNode) n.get("inclusionPath")).add("00".repeat(32)));
        addCase(files, cases, good, "leaf-index-wrong", "inclusion", "leafIndex 1 changed to 2",
                n -> n.put("leafIndex", 2));
        addCase(files, cases, good, "header-root-flipped-bit", "inclusion", "first hex digit of the header's merkleRoot flipped",
                n -> n.put("header", BundleTamperTest.flipNibble(n.get("header").asText(), headerRootNibble)));
        addCase(files, cases, good, "header-height-changed", "header", "header height 7 changed to 6 (block view still says 7)",
                n -> n.put("header", BundleTamperTest.flipNibble(n.get("header").asText(), 2 * (3 + Fixtures.GATEWAY.length() + 7) + 1)));
        addCase(files, cases, good, "reading-view-changed", "entry", "reading.value 12.5 changed to 13.5; entry bytes untouched",
                n -> ((ObjectNode) n.get("reading")).put("value", "13.5"));
        addCase(files, cases, good, "block-view-changed", "header", "block.height 7 changed to 8; header bytes untouched",
                n -> ((ObjectNode) n.get("block")).put("height", 8));
        addCase(files, cases, good, "signature-flipped-bit", "signature", "last hex digit of signature flipped",
                n -> n.put("signature", BundleTamperTest.flipNibble(n.get("signature").asText(), 127)));
        addCase(files, cases, good, "entry-not-hex", BundleTamperTest.FORMAT, "entry starts with 'zz': not a readable bundle",
                n -> n.put("entry", "zz" + n.get("entry").asText().substring(2)));
        AnchoredVectors.tampered(files, cases);
        files.put("tampered/expected.json", expected.toPrettyString() + "\n");
    }

    static void addCase(Map<String, String> files, ObjectNode cases, ObjectNode good, String name, String link,
                                String change, Consumer<ObjectNode> mutation) {
        ObjectNode copy = good.deepCopy();
        mutation.accept(copy);
        files.put("tampered/" + name + ".json", copy.toPrettyString() + "\n");
        ObjectNode c = cases.putObject(name + ".json");
        c.put("change", change);
        c.put("link", link);
    }
}
