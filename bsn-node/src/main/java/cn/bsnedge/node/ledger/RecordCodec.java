package cn.bsnedge.node.ledger;

import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.anchor.TreeHead;
import cn.bsnedge.ledger.codec.ByteReader;
import cn.bsnedge.ledger.codec.ByteWriter;
import cn.bsnedge.ledger.codec.FormatException;

import java.nio.charset.StandardCharsets;

/**
 * Byte layout of a ledger record's body (docs/NODE.md "Ledger format"); framing and checksums are
 * {@link LedgerFile}'s. Signed statements are kept as the bytes that were signed, so a receipt read
 * back is bit-identical to the one sent.
 */
final class RecordCodec {

    static final int ANCHORED = 1;
    static final int ALARM = 2;

    private RecordCodec() {
    }

    static byte[] encode(LedgerRecord record) {
        return switch (record) {
            case LedgerRecord.Anchored a -> {
                byte[] head = a.treeHead().statement().encode();
                byte[] receipt = a.receipt().statement().encode();
                yield new ByteWriter(64 + head.length + receipt.length + 160).u8(ANCHORED).i64(a.seq()).i64(a.prevSize())
                        .u16(head.length).bytes(head).u16(a.treeHead().signature().length).bytes(a.treeHead().signature())
                        .u16(receipt.length).bytes(receipt).u16(a.receipt().signature().length).bytes(a.receipt().signature())
                        .toByteArray();
            }
            case LedgerRecord.Alarm a -> {
                byte[] detail = a.detail().getBytes(StandardCharsets.UTF_8);
                byte[] evidence = a.evidence();
                yield new ByteWriter(64 + detail.length + evidence.length).u8(ALARM).i64(a.seq()).ascii8(a.gatewayId())
                        .i64(a.atMillis()).u8(a.kind().code()).i64(a.relatedSeq()).u32(detail.length).bytes(detail)
                        .u32(evidence.length).bytes(evidence).toByteArray();
            }
        };
    }

    static LedgerRecord decode(byte[] body) throws FormatException {
        ByteReader in = new ByteReader(body);
        int type = in.u8("record.type");
        long seq = in.u63("record.seq");
        LedgerRecord r;
        if (type == ANCHORED) {
            long prev = in.u63("anchored.prevSize");
            TreeHead head = TreeHead.decode(in.bytes("anchored.treeHead", in.u16("anchored.treeHead.length")));
            byte[] headSig = in.bytes("anchored.treeHead.signature", in.u16("anchored.treeHead.signature.length"));
            AnchorReceipt receipt = AnchorReceipt.decode(in.bytes("anchored.receipt", in.u16("anchored.receipt.length")));
            byte[] receiptSig = in.bytes("anchored.receipt.signature", in.u16("anchored.receipt.signature.length"));
            try {
                r = new LedgerRecord.Anchored(seq, new Signed<>(head, headSig), prev, new Signed<>(receipt, receiptSig));
            } catch (IllegalArgumentException e) {
                throw new FormatException("anchored", 0, e.getMessage());
            }
        } else if (type == ALARM) {
            String gateway = in.ascii8("alarm.gateway", 1, 128);
            long at = in.i64("alarm.at");
            int at0 = in.position();
            AlarmKind kind;
            try {
                kind = AlarmKind.fromCode(in.u8("alarm.kind"));
            } catch (IllegalArgumentException e) {
                throw new FormatException("alarm.kind", at0, e.getMessage());
            }
            long related = in.i64("alarm.relatedSeq");
            String detail = new String(in.bytes("alarm.detail", in.u32("alarm.detail.length")), StandardCharsets.UTF_8);
            byte[] evidence = in.bytes("alarm.evidence", in.u32("alarm.evidence.length"));
            r = new LedgerRecord.Alarm(seq, gateway, at, kind, related, detail, evidence);
        } else {
            throw new FormatException("record.type", 0, "record type " + type + " is not " + ANCHORED + " (anchored) or "
                    + ALARM + " (alarm)");
        }
        in.expectEnd("ledger record");
        return r;
    }
}
