package cn.bsnedge.node.registry;

import cn.bsnedge.ledger.bundle.BundleFormatException;
import cn.bsnedge.ledger.bundle.TrustedKey;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PublicKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The gateways a node accepts anchors from: {@code DATA/gateways/}, one trust file
 * ({@code bsn-edge-key/1}, FORMAT.md §8) per registered key, named {@code <gateway>.<fingerprint
 * prefix>.json}. Several keys per gateway are allowed (a key rotation). The directory is the
 * registry, so {@code bsn-node gateways add} works while the node runs: a running node rereads it
 * when its modification time changes. Thread-safe.
 */
public final class GatewayRegistry {

    private final Path dir;
    private Map<String, List<TrustedKey>> keys = Map.of();
    private FileTime loadedAt = FileTime.fromMillis(-1);
    private long loadedCount = -1;

    private GatewayRegistry(Path dir) {
        this.dir = dir;
    }

    /** The registry in {@code DATA/gateways} (created if absent). */
    public static GatewayRegistry open(Path dataDir) throws IOException, BundleFormatException {
        GatewayRegistry r = new GatewayRegistry(dataDir.resolve("gateways"));
        Files.createDirectories(r.dir);
        r.reload();
        return r;
    }

    /** Registers a gateway key; returns false if this exact key was registered already. */
    public synchronized boolean add(TrustedKey key) throws IOException, BundleFormatException {
        reloadIfChanged();
        for (TrustedKey k : keys.getOrDefault(key.gatewayId(), List.of())) {
            if (k.key().equals(key.key())) {
                return false;
            }
        }
        Path f = dir.resolve(key.gatewayId().replace('/', '_') + "." + key.key().fingerprint().substring(0, 16) + ".json");
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        Files.writeString(tmp, key.toJson());
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        reload();
        return true;
    }

    /** The registered keys of {@code gatewayId} (all suites); empty if it is not registered. */
    public synchronized List<PublicKey> keys(String gatewayId) {
        try {
            reloadIfChanged();
        } catch (IOException | BundleFormatException e) {
            // Keep what was loaded: a half-copied file must not unregister every gateway.
            org.slf4j.LoggerFactory.getLogger(GatewayRegistry.class).warn("gateway registry {} not reloaded: {}", dir, e.getMessage());
        }
        return keys.getOrDefault(gatewayId, List.of()).stream().map(TrustedKey::key).toList();
    }

    public synchronized List<PublicKey> keys(String gatewayId, CryptoSuite suite) {
        return keys(gatewayId).stream().filter(k -> k.suite() == suite).toList();
    }

    /** Every registered key, by gateway id. */
    public synchronized Map<String, List<TrustedKey>> all() throws IOException, BundleFormatException {
        reloadIfChanged();
        return keys;
    }

    private void reloadIfChanged() throws IOException, BundleFormatException {
        FileTime m = Files.getLastModifiedTime(dir);
        long count;
        try (Stream<Path> s = Files.list(dir)) {
            count = s.count();
        }
        if (!m.equals(loadedAt) || count != loadedCount) {
            reload();
        }
    }

    private void reload() throws IOException, BundleFormatException {
        FileTime m = Files.getLastModifiedTime(dir);
        Map<String, List<TrustedKey>> loaded = new TreeMap<>();
        long count;
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.sorted().toList();
            count = files.size();
            for (Path f : files) {
                if (f.getFileName().toString().endsWith(".json")) {
                    TrustedKey k = TrustedKey.parse(Files.readString(f), f.toString());
                    loaded.computeIfAbsent(k.gatewayId(), id -> new ArrayList<>()).add(k);
                }
            }
        }
        loaded.replaceAll((id, l) -> List.copyOf(l));
        keys = Map.copyOf(loaded);
        loadedAt = m;
        loadedCount = count;
    }
}
