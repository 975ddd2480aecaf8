package cn.bsnedge.ledger.entry;

import cn.bsnedge.ledger.codec.ByteReader;
import cn.bsnedge.ledger.codec.ByteWriter;
import cn.bsnedge.ledger.codec.FormatException;

/**
 * The fields every entry type shares (FORMAT.md §2: sensor, seq, time, timeResolution,
 * clock) and the decimal layout, read and written in one place so that all entry types agree
 * on them byte for byte and fail with the same field names.
 */
final class EntryFields {

    /** What follows version and type in every entry. */
    record Head(SensorCode sensor, long seq, Timestamp time, ClockQuality clock) {
    }

    private EntryFields() {
    }

    static ByteWriter writeHead(ByteWriter w, Entry e) {
        return w.u8(EntryCodec.VERSION).u8(e.type())
                .ascii8(e.sensor().value())
                .i64(e.seq())
                .i64(e.time().units())
                .u8(e.time().resolution().exponent())
                .u8(e.clock().code());
    }

    /** Reads sensor .. clock; {@code in} is positioned after the type byte. */
    static Head readHead(ByteReader in) throws FormatException {
        int at = in.position();
        String code = in.ascii8("sensor", 1, SensorCode.MAX_LENGTH);
        String codeProblem = SensorCode.problem(code);
        if (codeProblem != null) {
            throw new FormatException("sensor", at, "sensor code '" + code + "' " + codeProblem);
        }
        long seq = in.u63("seq");
        Timestamp time = readTime(in, "time");
        at = in.position();
        ClockQuality clock;
        try {
            clock = ClockQuality.fromCode(in.u8("clock"));
        } catch (IllegalArgumentException e) {
            throw new FormatException("clock", at, e.getMessage());
        }
        return new Head(new SensorCode(code), seq, time, clock);
    }

    /**
     * An i64 count then a u8 resolution exponent, as {@code field} and {@code field.resolution};
     * the instant must fit the signed 64-bit microseconds of block headers (FORMAT.md §2.1).
     */
    static Timestamp readTime(ByteReader in, String field) throws FormatException {
        int timeAt = in.position();
        long units = in.i64(field);
        int at = in.position();
        TimeResolution resolution;
        try {
            resolution = TimeResolution.fromExponent(in.u8(field + ".resolution"));
        } catch (IllegalArgumentException e) {
            throw new FormatException(field + ".resolution", at, e.getMessage());
        }
        Timestamp time = new Timestamp(units, resolution);
        try {
            time.toEpochMicros();
        } catch (ArithmeticException e) {
            throw new FormatException(field, timeAt, units + " " + resolution.label()
                    + " is outside the signed 64-bit microsecond range block headers carry");
        }
        return time;
    }

    static ByteWriter writeDecimal(ByteWriter w, ReadingValue.Decimal d) {
        return w.i64(d.unscaled()).i8(d.scale());
    }

    /** i64 unscaled then i8 scale: value = unscaled × 10^-scale. */
    static ReadingValue.Decimal readDecimal(ByteReader in, String field) throws FormatException {
        return new ReadingValue.Decimal(in.i64(field + ".unscaled"), in.i8(field + ".scale"));
    }

    /** Fails with {@code field} at {@code offset} when {@code problem} is not null. */
    static void check(String problem, String field, int offset) throws FormatException {
        if (problem != null) {
            throw new FormatException(field, offset, problem);
        }
    }
}
