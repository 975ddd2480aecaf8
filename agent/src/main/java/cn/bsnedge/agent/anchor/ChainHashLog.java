package cn.bsnedge.agent.anchor;

import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.agent.store.StoreException;
import cn.bsnedge.ledger.anchor.BlockHashLog;
import cn.bsnedge.ledger.merkle.MerkleHasher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The gateway's block-hash log (PROTOCOL.md §3.1) kept in step with its chain: a {@link
 * BlockHashLog} over a {@link FileNodeStore}. The chain is the truth. Opening checks the stored
 * log against it (first and last leaf, every peak's checksum) and rebuilds the log from the
 * chain's block hashes when it is missing, damaged or longer than the chain; a log that is only
 * behind (a crash before its buffered nodes were written) is caught up from the chain.
 *
 * <p>Not thread-safe: the owner ({@link Anchorer}) serialises every call.
 */
final class ChainHashLog implements AutoCloseable {

    static final String FILE = "nodes.dat";

    private final MerkleHasher hasher;
    private final Path file;
    private FileNodeStore nodes;
    private BlockHashLog log;
    private final List<String> notes = new ArrayList<>();

    private ChainHashLog(MerkleHasher hasher, Path file) {
        this.hasher = hasher;
        this.file = file;
    }

    /** Opens the log in {@code dir}, repaired and caught up with {@code chain}. */
    static ChainHashLog open(Path dir, MerkleHasher hasher, BlockStore chain) throws IOException, StoreException {
        ChainHashLog l = new ChainHashLog(hasher, dir.resolve(FILE));
        try {
            l.load(chain);
            l.catchUp(chain, chain.size());
            l.nodes.force();
        } catch (IOException | StoreException | RuntimeException e) {
            l.close();
            throw e;
        }
        return l;
    }

    private void load(BlockStore chain) throws IOException, StoreException {
        nodes = FileNodeStore.open(file, hasher.size());
        String damage;
        try {
            damage = check(chain);
        } catch (FileNodeStore.DamagedException | IllegalStateException e) {
            damage = e.getMessage();
        }
        if (damage != null) {
            rebuild(damage);
        }
    }

    /** Why the stored log cannot be used, or null; trims a log longer than the chain first. */
    private String check(BlockStore chain) throws IOException, StoreException {
        long stored = nodes.leaves();
        if (stored > chain.size()) {
            return "it holds " + stored + " blocks but the chain has " + chain.size();
        }
        log = BlockHashLog.open(hasher, nodes, stored); // reads every peak: a bad checksum throws
        if (stored == 0) {
            return null;
        }
        for (long h : new long[] {0, stored - 1}) {
            byte[] want = hasher.leafHash(chain.block(h).orElseThrow().hash());
            if (!Arrays.equals(log.leafHash(h), want)) {
                return "its leaf " + h + " is not the hash of the chain's block " + h;
            }
        }
        return null;
    }

    /** Starts the log over from an empty file; {@link #catchUp} then refills it from the chain. */
    void rebuild(String why) throws IOException {
        notes.add("block-hash log " + file + " unusable (" + why + "); rebuilt from the chain");
        nodes.close();
        Files.deleteIfExists(file);
        nodes = FileNodeStore.open(file, hasher.size());
        log = BlockHashLog.create(hasher, nodes);
    }

    /**
     * Appends the hashes of blocks {@code log.size()} .. {@code target-1} from the chain.
     * {@code hashes} may supply a block's hash without reading the store (null when unknown).
     */
    void catchUp(BlockStore chain, long target) throws StoreException {
        catchUp(chain, target, h -> null);
    }

    void catchUp(BlockStore chain, long target, java.util.function.LongFunction<byte[]> hashes) throws StoreException {
        long from = log.size();
        if (target <= from) {
            return;
        }
        // Fast path: hashes handed over as blocks committed; the store only for what was missed.
        long h = from;
        while (h < target) {
            byte[] known = hashes.apply(h);
            if (known == null) {
                break;
            }
            log.append(known);
            h++;
        }
        if (h < target) {
            chain.forEachBlock(h, target, b -> {
                log.append(b.hash());
                return true;
            });
        }
        nodes.flush();
    }

    BlockHashLog log() {
        return log;
    }

    long size() {
        return log.size();
    }

    /** Syncs the node file. */
    void force() throws IOException {
        nodes.force();
    }

    /** What opening repaired, for the log and {@code check}. */
    List<String> notes() {
        return List.copyOf(notes);
    }

    void drainNotes(Consumer<String> to) {
        notes.forEach(to);
        notes.clear();
    }

    @Override
    public void close() throws IOException {
        if (nodes != null) {
            nodes.close();
        }
    }
}
