package cn.bsnedge.agent.store;

import cn.bsnedge.ledger.block.BlockVerifier;
import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.block.VerificationException;
import cn.bsnedge.ledger.block.VerificationException.Link;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.PublicKey;

import java.util.Arrays;
import java.util.Map;

/**
 * Verifies a stored chain: every block's contents, signature and link to its predecessor,
 * and the sparse (sensor, seq) index. The agent runs it over the tail on every start;
 * {@code bsn-edge check} runs it over everything.
 */
public final class ChainAudit {

    /** Told after each block, so a long check can show progress. */
    public interface Progress {
        void checked(long blocksDone, long blocksTotal, long entriesDone);
    }

    /** What a full check covered. */
    public record Report(long blocks, long entries, long indexEntries, ChainHead head) {
    }

    private ChainAudit() {
    }

    /** Checks the last {@code tailBlocks} blocks and that they end at the store's head. */
    public static void checkTail(MapDbBlockStore store, PublicKey key, int tailBlocks) throws VerificationException, StoreException {
        long size = store.size();
        long from = Math.max(0, size - tailBlocks);
        ChainHead expected = from == 0 ? ChainHead.genesis(key.suite().hash().size())
                : ChainHead.after(load(store, from - 1));
        for (long h = from; h < size; h++) {
            MicroBlock b = load(store, h);
            checkBlock(b, expected, key);
            checkIndex(store, b);
            expected = ChainHead.after(b);
        }
        requireHead(store, expected);
    }

    public static Report checkAll(MapDbBlockStore store, PublicKey key, Progress progress) throws VerificationException, StoreException {
        long size = store.size();
        if (store.storedBlockCount() != size) {
            throw new VerificationException(Link.CHAIN, "store holds " + store.storedBlockCount()
                    + " blocks but its head is at height " + (size - 1) + ": heights are not contiguous");
        }
        ChainHead expected = ChainHead.genesis(key.suite().hash().size());
        long entries = 0;
        long indexEntries = 0;
        for (long h = 0; h < size; h++) {
            MicroBlock b = load(store, h);
            checkBlock(b, expected, key);
            indexEntries += checkIndex(store, b);
            entries += b.entryCount();
            expected = ChainHead.after(b);
            progress.checked(h + 1, size, entries);
        }
        requireHead(store, expected);
        if (store.indexSize() != indexEntries) {
            throw new VerificationException(Link.INDEX, "index has " + store.indexSize()
                    + " entries, the blocks call for " + indexEntries);
        }
        return new Report(size, entries, indexEntries, expected);
    }

    private static MicroBlock load(MapDbBlockStore store, long height) throws StoreException, VerificationException {
        try {
            return store.block(height).orElseThrow(() ->
                    new VerificationException(Link.CHAIN, "block " + height + " is missing"));
        } catch (StoreException e) {
            throw new VerificationException(Link.FORMAT, e.getMessage(), e);
        }
    }

    private static void checkBlock(MicroBlock b, ChainHead expected, PublicKey key) throws VerificationException {
        BlockVerifier.verifyLink(expected, b.header());
        BlockVerifier.verifyContents(b);
        BlockVerifier.verifySignature(b.header(), b.signature(), key);
    }

    private static int checkIndex(MapDbBlockStore store, MicroBlock b) throws VerificationException {
        Map<String, long[]> ranges;
        try {
            ranges = MapDbBlockStore.sensorRanges(b);
        } catch (FormatException e) {
            throw new VerificationException(Link.ENTRY, "block " + b.height() + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, long[]> r : ranges.entrySet()) {
            long[] got = store.indexEntry(r.getKey(), r.getValue()[0]);
            long[] want = {b.height(), r.getValue()[1]};
            if (!Arrays.equals(got, want)) {
                throw new VerificationException(Link.INDEX, "index for " + r.getKey() + " seq " + r.getValue()[0]
                        + ": got " + Arrays.toString(got) + ", want [height, last seq] " + Arrays.toString(want));
            }
        }
        return ranges.size();
    }

    private static void requireHead(MapDbBlockStore store, ChainHead expected) throws VerificationException {
        ChainHead head = store.head();
        if (head.nextHeight() != expected.nextHeight() || !Arrays.equals(head.headHash(), expected.headHash())) {
            throw new VerificationException(Link.CHAIN, "store head " + head + " does not match the verified chain " + expected);
        }
    }
}
