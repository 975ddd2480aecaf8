package cn.bsnedge.ledger.protocol;

import cn.bsnedge.ledger.anchor.Fields;
import cn.bsnedge.ledger.block.MicroBlock;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sealed blocks of one gateway as telemetry for the city (PROTOCOL.md §4.5): consecutive
 * heights, ascending, each in its FORMAT.md §6 encoding. Nothing here is trusted: receivers
 * verify each block's signature and chain links themselves.
 *
 * @param cause why they are published: live as sealed, or in answer to a {@link ResendRequest}
 */
public record BlockBatch(String gatewayId, Cause cause, List<MicroBlock> blocks) {

    /** At most this many blocks per message (u16 count). */
    public static final int MAX_BLOCKS = 0xffff;
    /** Bytes a gateway should aim for per message when packing several blocks ({@link #pack}). */
    public static final int TARGET_BYTES = 1024 * 1024;

    public enum Cause {
        LIVE(0, "live"),
        RESEND(1, "resend");

        private final int code;
        private final String label;

        Cause(int code, String label) {
            this.code = code;
            this.label = label;
        }

        public int code() {
            return code;
        }

        public String label() {
            return label;
        }

        static Cause fromCode(int code) {
            for (Cause c : values()) {
                if (c.code == code) {
                    return c;
                }
            }
            throw new IllegalArgumentException("cause " + code + " is not 0 (live) or 1 (resend)");
        }
    }

    public BlockBatch {
        Fields.requireCode(gatewayId, "gateway id");
        Objects.requireNonNull(cause, "cause");
        blocks = List.copyOf(blocks);
        String problem = problem(gatewayId, blocks);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Why these blocks cannot form a batch of {@code gatewayId}, or null. */
    static String problem(String gatewayId, List<MicroBlock> blocks) {
        if (blocks.isEmpty() || blocks.size() > MAX_BLOCKS) {
            return "a batch holds 1.." + MAX_BLOCKS + " blocks, got " + blocks.size();
        }
        for (int i = 0; i < blocks.size(); i++) {
            MicroBlock b = blocks.get(i);
            if (!b.header().gatewayId().equals(gatewayId)) {
                return "block " + i + " (height " + b.height() + ") is of gateway " + b.header().gatewayId() + ", want " + gatewayId;
            }
            if (i > 0 && b.height() != blocks.get(i - 1).height() + 1) {
                return "block " + i + " has height " + b.height() + ", want " + (blocks.get(i - 1).height() + 1)
                        + ": a batch holds consecutive heights in ascending order";
            }
        }
        return null;
    }

    public long firstHeight() {
        return blocks.getFirst().height();
    }

    public long lastHeight() {
        return blocks.getLast().height();
    }

    /**
     * Splits consecutive blocks into as few batches as possible whose encodings stay within
     * {@code targetBytes}; a block too large for that goes alone, as long as it fits {@link
     * MessageKind#BLOCKS}'s limit.
     *
     * @throws IllegalArgumentException if one block alone exceeds the limit: it cannot be
     *     published, only read from the gateway's store
     */
    public static List<BlockBatch> pack(String gatewayId, Cause cause, List<MicroBlock> blocks, int targetBytes) {
        List<BlockBatch> out = new ArrayList<>();
        List<MicroBlock> current = new ArrayList<>();
        int size = Messages.blocksOverhead(gatewayId);
        for (MicroBlock b : blocks) {
            int bytes = 4 + b.encode().length;
            if (Messages.blocksOverhead(gatewayId) + bytes > MessageKind.BLOCKS.maxBytes()) {
                throw new IllegalArgumentException("block " + b.height() + " encodes to " + bytes + " bytes; no "
                        + MessageKind.BLOCKS.label() + " message can carry it (limit " + MessageKind.BLOCKS.maxBytes() + ")");
            }
            if (!current.isEmpty() && (size + bytes > targetBytes || current.size() == MAX_BLOCKS)) {
                out.add(new BlockBatch(gatewayId, cause, current));
                current = new ArrayList<>();
                size = Messages.blocksOverhead(gatewayId);
            }
            current.add(b);
            size += bytes;
        }
        if (!current.isEmpty()) {
            out.add(new BlockBatch(gatewayId, cause, current));
        }
        return out;
    }
}
