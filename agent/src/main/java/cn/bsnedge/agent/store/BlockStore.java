package cn.bsnedge.agent.store;

import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.entry.SensorCode;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The gateway's durable chain of sealed blocks. One writer appends; a block is durable once
 * {@link #append} returns, and never before. Implementations are not required to be safe for
 * concurrent use: the agent funnels all writes through its sealing thread.
 */
public interface BlockStore extends AutoCloseable {

    /** Where the next block must attach, as committed. */
    ChainHead head();

    /** Number of committed blocks (= next height). */
    default long size() {
        return head().nextHeight();
    }

    /**
     * Commits {@code block} atomically with its (sensor, seq) index entries. The block must
     * attach at {@link #head()}; anything else is refused, which is the store's half of the
     * rule that a gateway never signs two different blocks at one height.
     */
    void append(MicroBlock block) throws StoreException;

    /**
     * Commits consecutive blocks atomically, all or none. Stores that can, do it in one commit
     * (group commit): under load the fixed cost of a durable commit is paid once per group.
     */
    default void appendAll(java.util.List<MicroBlock> blocks) throws StoreException {
        for (MicroBlock b : blocks) {
            append(b);
        }
    }

    Optional<MicroBlock> block(long height) throws StoreException;

    /** Where reading {@code seq} of {@code sensor} was sealed. */
    Optional<ReadingLocation> locate(SensorCode sensor, long seq) throws StoreException;

    /** The highest committed seq of {@code sensor}; empty when it has none. */
    OptionalLong lastSeq(SensorCode sensor) throws StoreException;

    /** Receives blocks in height order; return false to stop early. */
    @FunctionalInterface
    interface BlockVisitor {
        boolean visit(MicroBlock block) throws StoreException;
    }

    /** Visits committed blocks {@code fromHeight} (inclusive) to {@code toHeight} (exclusive), one at a time. */
    default void forEachBlock(long fromHeight, long toHeight, BlockVisitor visitor) throws StoreException {
        long end = Math.min(toHeight, size());
        for (long h = Math.max(0, fromHeight); h < end; h++) {
            if (!visitor.visit(block(h).orElseThrow(() -> new StoreException("committed block missing")))) {
                return;
            }
        }
    }

    /**
     * Where each committed reading of {@code sensor} with seq in [{@code fromSeq}, {@code toSeq}]
     * was sealed, in seq order. Seqs that were never committed are simply absent.
     */
    java.util.List<ReadingLocation> locateRange(SensorCode sensor, long fromSeq, long toSeq) throws StoreException;

    /** Block height and leaf index of one reading. */
    record ReadingLocation(long height, int leafIndex) {
    }

    @Override
    void close() throws StoreException;
}
