package cn.bsnedge.ledger.entry;

import cn.bsnedge.ledger.codec.ByteReader;
import cn.bsnedge.ledger.codec.ByteWriter;
import cn.bsnedge.ledger.codec.FormatException;

/**
 * FORMAT.md §2.9: the clock-step entry, the common head followed by the time before the step.
 * {@link EntryCodec} has already read version and type and checks for trailing bytes.
 */
final class ClockStepCodec {

    private ClockStepCodec() {
    }

    static byte[] encode(ClockStep s) {
        return EntryFields.writeHead(new ByteWriter(64 + s.gateway().value().length()), s)
                .i64(s.before().units())
                .u8(s.before().resolution().exponent())
                .toByteArray();
    }

    static ClockStep decode(ByteReader in) throws FormatException {
        EntryFields.Head h = EntryFields.readHead(in);
        int at = in.position();
        Timestamp before = EntryFields.readTime(in, "before");
        EntryFields.check(ClockStep.problemOfBefore(before, h.time()), "before", at);
        return new ClockStep(h.sensor(), h.seq(), h.time(), h.clock(), before);
    }
}
