package cn.bsnedge.agent.store;

import cn.bsnedge.agent.json.JsonFields;
import cn.bsnedge.agent.json.StreamingJson;
import cn.bsnedge.ledger.crypto.PublicKey;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code meta.json}: whose chain a store holds. Written once at creation; checked on every open,
 * so a store never mixes two gateways, suites or keys. Also the store directory's file-system
 * chores: atomic creation, directory fsyncs, and removing a half-made store.
 */
final class StoreMeta {

    static final String FORMAT = "bsn-edge-store/1";

    private StoreMeta() {
    }

    static Map<String, String> of(String gatewayId, PublicKey key) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("gateway", gatewayId);
        m.put("suite", key.suite().label());
        m.put("publicKey", HexFormat.of().formatHex(key.encoded()));
        return m;
    }

    static void write(Path dir, String gatewayId, PublicKey key) throws IOException {
        String json = StreamingJson.prettyObject(g -> {
            for (Map.Entry<String, String> f : of(gatewayId, key).entrySet()) {
                g.writeStringField(f.getKey(), f.getValue());
            }
        });
        try (FileChannel ch = FileChannel.open(dir.resolve("meta.json"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
    }

    static void check(Path dir, String gatewayId, PublicKey key) throws StoreException, IOException {
        Path f = dir.resolve("meta.json");
        JsonFields n;
        try {
            n = StreamingJson.parseObject(Files.readString(f), f.toString());
        } catch (IOException e) {
            throw new StoreException("store " + dir + ": cannot read " + f + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, String> want : of(gatewayId, key).entrySet()) {
            String got = n.textOrNull(want.getKey());
            if (!want.getValue().equals(got)) {
                throw new StoreException("store " + dir + " belongs to " + want.getKey() + " '" + got
                        + "', but this gateway's " + want.getKey() + " is '" + want.getValue()
                        + "'; refusing to mix chains (use another --data directory)");
            }
        }
    }

    /** Creates {@code dir} as {@code creating}, fsyncs it, and renames it into place: never a half-made store at {@code dir}. */
    static void createAtomically(Path dir, Path creating, String gatewayId, PublicKey key) throws IOException {
        Files.createDirectories(creating.resolve("log"));
        write(creating, gatewayId, key);
        fsyncDirectory(creating.resolve("log"));
        fsyncDirectory(creating);
        Files.move(creating, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(dir.toAbsolutePath().getParent());
    }

    /** Makes a rename or file creation durable: without it a power cut can forget the entry. */
    static void fsyncDirectory(Path d) throws IOException {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
