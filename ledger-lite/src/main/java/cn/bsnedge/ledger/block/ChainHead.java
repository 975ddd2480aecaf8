package cn.bsnedge.ledger.block;

import java.util.HexFormat;

/**
 * Where the next block attaches: its height and the hash it must name as previous.
 * A gateway derives this only from its committed store, never from memory, which is what
 * keeps it from signing two different blocks at one height after a crash.
 */
public record ChainHead(long nextHeight, byte[] headHash) {

    public ChainHead {
        if (nextHeight < 0) {
            throw new IllegalArgumentException("next height " + nextHeight + " is negative");
        }
        headHash = headHash.clone();
    }

    /** The head of an empty chain: block 0 names an all-zero previous hash. */
    public static ChainHead genesis(int hashSize) {
        return new ChainHead(0, new byte[hashSize]);
    }

    public static ChainHead after(MicroBlock block) {
        return new ChainHead(block.height() + 1, block.hash());
    }

    @Override
    public byte[] headHash() {
        return headHash.clone();
    }

    @Override
    public String toString() {
        return "ChainHead[next=" + nextHeight + " head=" + HexFormat.of().formatHex(headHash) + "]";
    }
}
