package cn.bsnedge.agent.store;

import cn.bsnedge.ledger.block.BlockVerifier;
import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.block.VerificationException;
import cn.bsnedge.ledger.block.VerificationException.Link;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.PublicKey;

import java.util.Arrays;

/**
 * Verifies a stored chain: every block's contents, signature and link to its predecessor,
 * and the per-block seq summaries that locate readings. The agent runs it over the tail on every start;
 * {@code bsn-edge check} runs it over everything.
 */
public final class ChainAudit {

    /** Told after each block, so a long check can show progress. */
    public interface Progress {
        void checked(long blocksDone, long blocksTotal, long entriesDone);
    }

    /** What a full check covered. */
    public record Report(long blocks, long entries, ChainHead head) {
    }

    private ChainAudit() {
    }

    /** Checks the last {@code tailBlocks} blocks and that they end at the store's head. */
    public static void checkTail(MapDbBlockStore store, PublicKey key, int tailBlocks) throws VerificationException, StoreException {
        long size = store.size();
        long from = Math.max(0, size - tailBlocks);
        ChainHead expected = from == 0 ? ChainHead.genesis(key.suite().hash().size())
                : ChainHead.after(load(store, from - 1));
        SeqSummary running = from == 0 ? SeqSummary.empty() : summary(store, from - 1);
        for (long h = from; h < size; h++) {
            MicroBlock b = load(store, h);
            checkBlock(b, expected, key);
            running = checkSummary(store, b, running);
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
        if (store.summaryCount() != size) {
            throw new VerificationException(Link.INDEX, "store holds " + store.summaryCount()
                    + " seq summaries for " + size + " blocks");
        }
        ChainHead expected = ChainHead.genesis(key.suite().hash().size());
        SeqSummary running = SeqSummary.empty();
        long entries = 0;
        for (long h = 0; h < size; h++) {
            MicroBlock b = load(store, h);
            checkBlock(b, expected, key);
            running = checkSummary(store, b, running);
            entries += b.entryCount();
            expected = ChainHead.after(b);
            progress.checked(h + 1, size, entries);
        }
        requireHead(store, expected);
        return new Report(size, entries, expected);
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

    private static SeqSummary summary(MapDbBlockStore store, long height) throws VerificationException {
        try {
            return store.summaryAt(height);
        } catch (StoreException e) {
            throw new VerificationException(Link.INDEX, e.getMessage(), e);
        }
    }

    /** The stored summary of {@code b} must be the running summary advanced by {@code b}'s seqs. */
    private static SeqSummary checkSummary(MapDbBlockStore store, MicroBlock b, SeqSummary before) throws VerificationException {
        SeqSummary want;
        try {
            want = before.plus(MapDbBlockStore.blockMaxSeqs(b));
        } catch (FormatException e) {
            throw new VerificationException(Link.ENTRY, "block " + b.height() + ": " + e.getMessage(), e);
        }
        SeqSummary got = summary(store, b.height());
        if (!got.equals(want)) {
            throw new VerificationException(Link.INDEX, "seq summary of block " + b.height() + ": got "
                    + got.lastSeq() + ", want " + want.lastSeq());
        }
        return want;
    }

    private static void requireHead(MapDbBlockStore store, ChainHead expected) throws VerificationException {
        ChainHead head = store.head();
        if (head.nextHeight() != expected.nextHeight() || !Arrays.equals(head.headHash(), expected.headHash())) {
            throw new VerificationException(Link.CHAIN, "store head " + head + " does not match the verified chain " + expected);
        }
    }
}
