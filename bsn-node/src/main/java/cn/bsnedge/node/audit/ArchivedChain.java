package cn.bsnedge.node.audit;

import cn.bsnedge.ledger.block.BlockVerifier;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.block.VerificationException;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.node.telemetry.BlockArchive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One gateway's archived blocks, merged from every segment and verified afresh against the
 * registered keys (what the receiving node recorded about them is not trusted): per height, the
 * distinct blocks received (more than one valid block is a fork), each with its verdict.
 */
public final class ArchivedChain {

    /** A distinct block at a height, with what its verification found (null problem = valid). */
    public record Checked(MicroBlock block, List<Entry> entries, String problem) {
        public boolean valid() {
            return problem == null;
        }
    }

    private final String gatewayId;
    private final TreeMap<Long, List<Checked>> byHeight = new TreeMap<>();
    private final List<String> undecodable = new ArrayList<>();

    private ArchivedChain(String gatewayId) {
        this.gatewayId = gatewayId;
    }

    /** A chain with no blocks yet; {@link #add} fills it. */
    static ArchivedChain empty(String gatewayId) {
        return new ArchivedChain(gatewayId);
    }

    /** Reads and verifies the archive of {@code gatewayId} under {@code dataDir}. */
    public static ArchivedChain load(Path dataDir, String gatewayId, List<PublicKey> keys) throws IOException {
        ArchivedChain chain = new ArchivedChain(gatewayId);
        BlockArchive.read(dataDir, gatewayId, new BlockArchive.Sink() {
            @Override
            public void accept(BlockArchive.Archived a) {
                chain.add(a.block(), keys);
            }

            @Override
            public void undecodable(Path segment, long offset, String problem) {
                chain.undecodable.add(segment.getFileName() + " byte " + offset + ": " + problem);
            }
        });
        return chain;
    }

    /** Adds a block (ignored if the same block is already there), verifying it. */
    void add(MicroBlock block, List<PublicKey> keys) {
        List<Checked> at = byHeight.computeIfAbsent(block.height(), h -> new ArrayList<>(1));
        for (Checked c : at) {
            if (Arrays.equals(c.block().hash(), block.hash()) && Arrays.equals(c.block().signature(), block.signature())) {
                return;
            }
        }
        at.add(verify(block, keys));
    }

    private static Checked verify(MicroBlock block, List<PublicKey> keys) {
        List<PublicKey> ks = keys.stream().filter(k -> k.suite() == block.header().suite()).toList();
        if (ks.isEmpty()) {
            return new Checked(block, List.of(), "trust: no registered " + block.header().suite().label() + " key");
        }
        String problem = null;
        for (PublicKey k : ks) {
            try {
                BlockVerifier.verifySignature(block.header(), block.signature(), k);
                return new Checked(block, BlockVerifier.verifyContents(block), null);
            } catch (VerificationException e) {
                problem = e.link() + ": " + e.getMessage();
            }
        }
        return new Checked(block, List.of(), problem);
    }

    public String gatewayId() {
        return gatewayId;
    }

    public java.util.NavigableMap<Long, List<Checked>> byHeight() {
        return byHeight;
    }

    public List<String> undecodable() {
        return undecodable;
    }

    public boolean isEmpty() {
        return byHeight.isEmpty();
    }

    /** The one valid block at {@code height}, or null if none or several. */
    public MicroBlock single(long height) {
        List<Checked> at = byHeight.get(height);
        if (at == null) {
            return null;
        }
        MicroBlock only = null;
        for (Checked c : at) {
            if (c.valid()) {
                if (only != null) {
                    return null;
                }
                only = c.block();
            }
        }
        return only;
    }
}
