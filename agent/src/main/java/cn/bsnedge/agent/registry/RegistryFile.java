package cn.bsnedge.agent.registry;

import cn.bsnedge.agent.json.JsonFields;
import cn.bsnedge.agent.json.StreamingJson;
import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.agent.store.StoreException;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.EntryCodec;
import cn.bsnedge.ledger.registry.RegistryException;
import cn.bsnedge.ledger.registry.SensorRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code DATA/registry.json}: every registry entry (registration, calibration, retirement) of the
 * chain, in order, and the height they cover. Derived data: the chain is the truth. It saves the
 * agent from reading every block at start: only blocks past {@code height} are scanned, and a
 * missing or unreadable file just means scanning them all.
 */
public final class RegistryFile {

    public static final String FORMAT = "bsn-edge-registry/1";
    private static final HexFormat HEX = HexFormat.of();

    /** The registry as of {@code height} blocks, and the entries it was folded from. */
    public record Loaded(SensorRegistry registry, List<byte[]> entries, long height, boolean scannedAll) {
    }

    private final Path file;

    public RegistryFile(Path dataDir) {
        this.file = dataDir.resolve("registry.json");
    }

    /** The data directory the file is in. */
    public Path dataDir() {
        return file.getParent();
    }

    /** Folds the saved entries, then the registry entries of every block past the saved height. */
    public Loaded load(BlockStore store) throws StoreException, RegistryException {
        List<byte[]> entries = new ArrayList<>();
        long height = 0;
        try {
            JsonFields n = StreamingJson.parseObject(Files.readString(file), file.toString());
            if (FORMAT.equals(n.textOrNull("format")) && n.integer("height") <= store.size()) {
                for (String e : n.texts("entries")) {
                    entries.add(HEX.parseHex(e));
                }
                height = n.integer("height");
            }
        } catch (IOException | RuntimeException e) {
            entries.clear(); // missing or damaged: scan the whole chain instead
            height = 0;
        }
        boolean scannedAll = height == 0;
        List<byte[]> found = new ArrayList<>();
        store.forEachBlock(height, store.size(), block -> {
            for (byte[] e : block.entries()) {
                if (e.length > 1 && e[1] != EntryCodec.TYPE_READING) {
                    found.add(e);
                }
            }
            return true;
        });
        entries.addAll(found);
        SensorRegistry registry = new SensorRegistry();
        for (byte[] e : entries) {
            try {
                registry.accept(EntryCodec.decode(e));
            } catch (FormatException ex) {
                throw new StoreException("registry entry does not decode: " + ex.getMessage(), ex);
            }
        }
        return new Loaded(registry, entries, store.size(), scannedAll);
    }

    /**
     * What the file says, without reading the chain: for tools run beside a live agent, which
     * holds the store and rewrites this file whenever a registry entry commits.
     */
    public Loaded loadSaved() throws IOException, FormatException, RegistryException {
        JsonFields n = StreamingJson.parseObject(Files.readString(file), file.toString());
        if (!FORMAT.equals(n.textOrNull("format"))) {
            throw new IOException(file + " is not a " + FORMAT + " file");
        }
        List<byte[]> entries = new ArrayList<>();
        for (String e : n.texts("entries")) {
            entries.add(HEX.parseHex(e));
        }
        SensorRegistry registry = new SensorRegistry();
        for (byte[] e : entries) {
            registry.accept(EntryCodec.decode(e));
        }
        return new Loaded(registry, entries, n.integer("height"), false);
    }

    /** The registry entries of {@code block}, in leaf order. */
    public static List<byte[]> registryEntries(MicroBlock block) {
        return block.entries().stream().filter(e -> e.length > 1 && e[1] != EntryCodec.TYPE_READING).toList();
    }

    /** Replaces the file atomically; no fsync: losing it costs a longer scan, never data. */
    public void save(List<byte[]> entries, long height) throws IOException {
        String json = StreamingJson.prettyObject(g -> {
            g.writeStringField("format", FORMAT);
            g.writeNumberField("height", height);
            g.writeArrayFieldStart("entries");
            for (byte[] e : entries) {
                g.writeString(HEX.formatHex(e));
            }
            g.writeEndArray();
        });
        Path tmp = file.resolveSibling("registry.json.tmp");
        Files.writeString(tmp, json + "\n");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Decoded entries, for listing. */
    public static List<Entry> decode(List<byte[]> entries) throws FormatException {
        List<Entry> out = new ArrayList<>();
        for (byte[] e : entries) {
            out.add(EntryCodec.decode(e));
        }
        return out;
    }
}
