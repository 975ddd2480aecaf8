package cn.bsnedge.ledger.protocol;

import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.AnchorRejection;
import cn.bsnedge.ledger.anchor.Fields;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.anchor.Statement;
import cn.bsnedge.ledger.anchor.TreeHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.codec.ByteReader;
import cn.bsnedge.ledger.codec.ByteWriter;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.protocol.MessageException.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Byte-exact codecs of every MQTT payload (PROTOCOL.md §4). Each payload starts with the
 * protocol version (1) and its {@link MessageKind}; decoding checks those, then the kind's size
 * limit, then decodes strictly (no trailing bytes, one encoding per value). Encoders refuse to
 * produce a payload above the limit, since no receiver would read it.
 */
public final class Messages {

    public static final int VERSION = 1;
    /** Most hashes a consistency proof can have (RFC 9162, tree sizes below 2^63). */
    public static final int MAX_PROOF_HASHES = 64;

    private Messages() {
    }

    // ---- anchor ----

    public static byte[] encodeAnchor(Anchor anchor) {
        ByteWriter w = start(MessageKind.ANCHOR);
        writeSigned(w, anchor.treeHead());
        w.i64(anchor.prevSize()).u8(anchor.consistencyPath().size());
        anchor.consistencyPath().forEach(w::bytes);
        return finish(w, MessageKind.ANCHOR);
    }

    public static Anchor decodeAnchor(byte[] payload) throws MessageException {
        ByteReader in = open(payload, Set.of(MessageKind.ANCHOR));
        try {
            Signed<TreeHead> head = readSigned(in, "anchor.treeHead", TreeHead.VERSION, TreeHead::decode);
            int at = in.position();
            long prev = in.u63("anchor.prevSize");
            if (prev > head.statement().treeSize()) {
                throw new FormatException("anchor.prevSize", at, "previous size " + prev + " exceeds the tree size "
                        + head.statement().treeSize());
            }
            at = in.position();
            int count = in.u8("anchor.proof.count");
            if (count > MAX_PROOF_HASHES || (prev == 0 && count != 0)) {
                throw new FormatException("anchor.proof.count", at, prev == 0
                        ? count + " proof hashes for a first anchor (previous size 0); want 0"
                        : count + " proof hashes; a consistency proof has at most " + MAX_PROOF_HASHES);
            }
            List<byte[]> path = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                path.add(in.bytes("anchor.proof[" + i + "]", head.statement().suite().hash().size()));
            }
            in.expectEnd("anchor");
            return new Anchor(head, prev, path);
        } catch (FormatException e) {
            throw MessageException.malformed(e, 0);
        }
    }

    /**
     * MQTT 5 Correlation Data of an anchor (PROTOCOL.md §2.2): the tree size (u64) then the
     * first 8 bytes of the root. Echoed by the node; the gateway still matches receipts by
     * their signed content, never by this alone.
     */
    public static byte[] correlationData(TreeHead head) {
        return new ByteWriter(16).i64(head.treeSize()).bytes(java.util.Arrays.copyOf(head.rootHash(), 8)).toByteArray();
    }

    // ---- responses ----

    public static byte[] encodeReceipt(Signed<AnchorReceipt> receipt) {
        ByteWriter w = start(MessageKind.RECEIPT);
        writeSigned(w, receipt);
        return finish(w, MessageKind.RECEIPT);
    }

    public static byte[] encodeRejection(Signed<AnchorRejection> rejection) {
        ByteWriter w = start(MessageKind.REJECTION);
        writeSigned(w, rejection);
        return finish(w, MessageKind.REJECTION);
    }

    public static byte[] encodeResponse(AnchorResponse response) {
        return switch (response) {
            case AnchorResponse.Receipt r -> encodeReceipt(r.receipt());
            case AnchorResponse.Rejection r -> encodeRejection(r.rejection());
        };
    }

    /** A payload from the receipt topic: a receipt or a rejection. */
    public static AnchorResponse decodeResponse(byte[] payload) throws MessageException {
        ByteReader in = open(payload, Set.of(MessageKind.RECEIPT, MessageKind.REJECTION));
        try {
            AnchorResponse r = payload[1] == MessageKind.RECEIPT.code()
                    ? new AnchorResponse.Receipt(readSigned(in, "receipt", AnchorReceipt.VERSION, AnchorReceipt::decode))
                    : new AnchorResponse.Rejection(readSigned(in, "rejection", AnchorRejection.VERSION, AnchorRejection::decode));
            in.expectEnd(payload[1] == MessageKind.RECEIPT.code() ? "receipt message" : "rejection message");
            return r;
        } catch (FormatException e) {
            throw MessageException.malformed(e, 0);
        }
    }

    // ---- birth and death ----

    public static byte[] encodeBirth(Signed<GatewayBirth> birth) {
        ByteWriter w = start(MessageKind.BIRTH);
        writeSigned(w, birth);
        return finish(w, MessageKind.BIRTH);
    }

    public static Signed<GatewayBirth> decodeBirth(byte[] payload) throws MessageException {
        ByteReader in = open(payload, Set.of(MessageKind.BIRTH));
        try {
            Signed<GatewayBirth> b = readSigned(in, "birth", GatewayBirth.VERSION, GatewayBirth::decode);
            in.expectEnd("birth message");
            return b;
        } catch (FormatException e) {
            throw MessageException.malformed(e, 0);
        }
    }

    public static byte[] encodeDeath(Signed<GatewayDeath> death) {
        ByteWriter w = start(MessageKind.DEATH);
        writeSigned(w, death);
        return finish(w, MessageKind.DEATH);
    }

    public static Signed<GatewayDeath> decodeDeath(byte[] payload) throws MessageException {
        ByteReader in = open(payload, Set.of(MessageKind.DEATH));
        try {
            Signed<GatewayDeath> d = readSigned(in, "death", GatewayDeath.VERSION, GatewayDeath::decode);
            in.expectEnd("death message");
            return d;
        } catch (FormatException e) {
            throw MessageException.malformed(e, 0);
        }
    }

    // ---- blocks and resend ----

    /** Bytes of a blocks payload before its first block. */
    static int blocksOverhead(String gatewayId) {
        return 2 + 1 + gatewayId.length() + 1 + 2;
    }

    public static byte[] encodeBlocks(BlockBatch batch) {
        ByteWriter w = start(MessageKind.BLOCKS).ascii8(batch.gatewayId()).u8(batch.cause().code()).u16(batch.blocks().size());
        for (MicroBlock b : batch.blocks()) {
            byte[] bytes = b.encode();
            w.u32(bytes.length).bytes(bytes);
        }
        return finish(w, MessageKind.BLOCKS);
    }

    public static BlockBatch decodeBlocks(byte[] payload) throws MessageException {
        ByteReader in = open(payload, Set.of(MessageKind.BLOCKS));
        try {
            String gateway = Fields.code(in, "blocks.gateway");
            int at = in.position();
            BlockBatch.Cause cause;
            try {
                cause = BlockBatch.Cause.fromCode(in.u8("blocks.cause"));
            } catch (IllegalArgumentException e) {
                throw new FormatException("blocks.cause", at, e.getMessage());
            }
            at = in.position();
            int count = in.u16("blocks.count");
            if (count == 0) {
                throw new FormatException("blocks.count", at, "0 blocks; a blocks message carries at least 1");
            }
            // Each block takes at least its 4-byte length: never pre-allocate for more than the input holds.
            List<MicroBlock> blocks = new ArrayList<>(Math.min(count, in.remaining() / 4));
            for (int i = 0; i < count; i++) {
                int length = in.u32("blocks[" + i + "].length");
                int start = in.position();
                byte[] bytes = in.bytes("blocks[" + i + "]", length);
                if (bytes.length > 0 && bytes[0] != MicroBlock.VERSION) {
                    throw new MessageException(Kind.UNSUPPORTED_VERSION, "blocks[" + i + "].version", start,
                            "sealed-block version " + (bytes[0] & 0xff) + " is not supported; want " + MicroBlock.VERSION);
                }
                try {
                    blocks.add(MicroBlock.decode(bytes));
                } catch (FormatException e) {
                    throw MessageException.malformed(e, start);
                }
            }
            in.expectEnd("blocks message");
            String problem = BlockBatch.problem(gateway, blocks);
            if (problem != null) {
                throw new FormatException("blocks", 2, problem);
            }
            return new BlockBatch(gateway, cause, blocks);
        } catch (FormatException e) {
            throw MessageException.malformed(e, 0);
        }
    }

    public static byte[] encodeResend(ResendRequest r) {
        ByteWriter w = start(MessageKind.RESEND).ascii8(r.gatewayId()).ascii8(r.requesterId()).i64(r.fromHeight()).u16(r.count());
        return finish(w, MessageKind.RESEND);
    }

    public static ResendRequest decodeResend(byte[] payload) throws MessageException {
        ByteReader in = open(payload, Set.of(MessageKind.RESEND));
        try {
            String gateway = Fields.code(in, "resend.gateway");
            String requester = Fields.code(in, "resend.requester");
            long from = in.u63("resend.fromHeight");
            int at = in.position();
            int count = in.u16("resend.count");
            if (count < 1 || count > ResendRequest.MAX_COUNT || from > Long.MAX_VALUE - count) {
                throw new FormatException("resend.count", at, "count " + count + " from height " + from + "; want 1.."
                        + ResendRequest.MAX_COUNT + " blocks below height 2^63-1");
            }
            in.expectEnd("resend message");
            return new ResendRequest(gateway, requester, from, count);
        } catch (FormatException e) {
            throw MessageException.malformed(e, 0);
        }
    }

    // ---- envelope ----

    /** The kind of a payload, after checking its version and size (no other decoding). */
    public static MessageKind kindOf(byte[] payload) throws MessageException {
        open(payload, Set.of(MessageKind.values()));
        return MessageKind.fromCode(payload[1]);
    }

    private static ByteWriter start(MessageKind kind) {
        return new ByteWriter(256).u8(VERSION).u8(kind.code());
    }

    private static byte[] finish(ByteWriter w, MessageKind kind) {
        byte[] out = w.toByteArray();
        if (out.length > kind.maxBytes()) {
            throw new IllegalArgumentException(kind.label() + " message of " + out.length + " bytes exceeds its limit of "
                    + kind.maxBytes() + "; no receiver would read it");
        }
        return out;
    }

    private static ByteReader open(byte[] payload, Set<MessageKind> allowed) throws MessageException {
        if (payload.length < 2) {
            throw new MessageException(Kind.MALFORMED, "message", payload.length,
                    "truncated: " + payload.length + " bytes; a message starts with its version and kind");
        }
        int version = payload[0] & 0xff;
        if (version != VERSION) {
            throw new MessageException(Kind.UNSUPPORTED_VERSION, "message.version", 0,
                    "protocol version " + version + " is not supported; want " + VERSION);
        }
        MessageKind kind = MessageKind.fromCode(payload[1] & 0xff);
        if (kind == null || !allowed.contains(kind)) {
            throw new MessageException(Kind.WRONG_KIND, "message.kind", 1, String.format("kind 0x%02x (%s) is not carried here; want %s",
                    payload[1] & 0xff, kind == null ? "unknown" : kind.label(), allowed.stream().map(MessageKind::label).sorted().toList()));
        }
        if (payload.length > kind.maxBytes()) {
            throw new MessageException(Kind.TOO_LARGE, "message", kind.maxBytes(), kind.label() + " message of "
                    + payload.length + " bytes exceeds its limit of " + kind.maxBytes());
        }
        ByteReader in = new ByteReader(payload);
        try {
            in.bytes("message.header", 2);
        } catch (FormatException e) {
            throw new AssertionError(e);
        }
        return in;
    }

    @FunctionalInterface
    private interface StatementDecoder<T extends Statement> {
        T decode(byte[] bytes) throws FormatException;
    }

    private static void writeSigned(ByteWriter w, Signed<? extends Statement> s) {
        byte[] bytes = s.statement().encode();
        w.u16(bytes.length).bytes(bytes).u16(s.signature().length).bytes(s.signature());
    }

    /** u16 length, statement, u16 length, signature; an unknown statement version is its own error. */
    private static <T extends Statement> Signed<T> readSigned(ByteReader in, String field, int version,
                                                              StatementDecoder<T> decoder) throws FormatException, MessageException {
        int length = in.u16(field + ".length");
        int start = in.position();
        byte[] bytes = in.bytes(field, length);
        if (bytes.length > 0 && (bytes[0] & 0xff) != version) {
            throw new MessageException(Kind.UNSUPPORTED_VERSION, field + ".version", start,
                    field + " version " + (bytes[0] & 0xff) + " is not supported; want " + version);
        }
        T statement;
        try {
            statement = decoder.decode(bytes);
        } catch (FormatException e) {
            throw MessageException.malformed(e, start);
        }
        int at = in.position();
        int sigLength = in.u16(field + ".signature.length");
        if (sigLength != statement.suite().signatureLength()) {
            throw new FormatException(field + ".signature.length", at, "signature of " + sigLength + " bytes; "
                    + statement.suite().label() + " signatures are " + statement.suite().signatureLength());
        }
        return new Signed<>(statement, in.bytes(field + ".signature", sigLength));
    }
}
