package cn.bsnedge.ledger.entry;

import cn.bsnedge.ledger.codec.ByteReader;
import cn.bsnedge.ledger.codec.ByteWriter;
import cn.bsnedge.ledger.codec.FormatException;

/**
 * The canonical entry encoding of FORMAT.md §2 (version 1). There is exactly one encoding per
 * entry value and decoding rejects anything else (unknown version or type, bad lengths,
 * trailing bytes), so "decode then re-encode" is the identity on every accepted input.
 */
public final class EntryCodec {

    public static final int VERSION = 1;
    public static final int TYPE_READING = 0x01;

    private EntryCodec() {
    }

    public static byte[] encode(Entry entry) {
        return switch (entry) {
            case Reading r -> encodeReading(r);
        };
    }

    private static byte[] encodeReading(Reading r) {
        ByteWriter w = new ByteWriter(64 + r.sensor().value().length());
        w.u8(VERSION).u8(TYPE_READING)
                .ascii8(r.sensor().value())
                .i64(r.seq())
                .i64(r.time().units())
                .u8(r.time().resolution().exponent())
                .u8(r.clock().code())
                .ascii8(r.quantity())
                .ascii8(r.unit())
                .u8(r.value().type());
        switch (r.value()) {
            case ReadingValue.Decimal d -> w.i64(d.unscaled()).i8(d.scale());
            case ReadingValue.Float64 f -> w.i64(Double.doubleToRawLongBits(f.value()));
        }
        return w.toByteArray();
    }

    public static Entry decode(byte[] bytes) throws FormatException {
        ByteReader in = new ByteReader(bytes);
        int version = in.u8("version");
        if (version != VERSION) {
            throw new FormatException("version", 0, "entry format version " + version + " is not supported; want " + VERSION);
        }
        int type = in.u8("type");
        if (type != TYPE_READING) {
            throw new FormatException("type", 1, String.format("entry type 0x%02x is unknown; want 0x01 (reading)", type));
        }
        Reading r = decodeReading(in);
        in.expectEnd("reading");
        return r;
    }

    /** The (sensor, seq) every entry type begins with, read without decoding the rest. */
    public record Key(SensorCode sensor, long seq) {
    }

    /**
     * Reads only the common prefix (version, type, sensor, seq) that FORMAT.md §2 fixes for
     * every entry type, so a store can index entries without decoding values.
     */
    public static Key key(byte[] bytes) throws FormatException {
        ByteReader in = new ByteReader(bytes);
        int version = in.u8("version");
        if (version != VERSION) {
            throw new FormatException("version", 0, "entry format version " + version + " is not supported; want " + VERSION);
        }
        in.u8("type");
        int at = in.position();
        String code = in.ascii8("sensor", 1, SensorCode.MAX_LENGTH);
        SensorCode sensor;
        try {
            sensor = new SensorCode(code);
        } catch (IllegalArgumentException e) {
            throw new FormatException("sensor", at, e.getMessage());
        }
        return new Key(sensor, in.u63("seq"));
    }

    /** Decodes and requires a reading. */
    public static Reading decodeReading(byte[] bytes) throws FormatException {
        return (Reading) decode(bytes);
    }

    private static Reading decodeReading(ByteReader in) throws FormatException {
        int at = in.position();
        String code = in.ascii8("sensor", 1, SensorCode.MAX_LENGTH);
        String codeProblem = SensorCode.problem(code);
        if (codeProblem != null) {
            throw new FormatException("sensor", at, "sensor code '" + code + "' " + codeProblem);
        }
        long seq = in.u63("seq");
        int timeAt = in.position();
        long units = in.i64("time");
        at = in.position();
        TimeResolution resolution;
        try {
            resolution = TimeResolution.fromExponent(in.u8("time.resolution"));
        } catch (IllegalArgumentException e) {
            throw new FormatException("time.resolution", at, e.getMessage());
        }
        Timestamp time = new Timestamp(units, resolution);
        try {
            time.toEpochMicros();
        } catch (ArithmeticException e) {
            throw new FormatException("time", timeAt, units + " " + resolution.label()
                    + " is outside the signed 64-bit microsecond range block headers carry");
        }
        at = in.position();
        ClockQuality clock;
        try {
            clock = ClockQuality.fromCode(in.u8("clock"));
        } catch (IllegalArgumentException e) {
            throw new FormatException("clock", at, e.getMessage());
        }
        at = in.position();
        String quantity = in.ascii8("quantity", 1, 32);
        int unitAt = in.position();
        String unit = in.ascii8("unit", 1, 16);
        int valueAt = in.position();
        int valueType = in.u8("value.type");
        ReadingValue value = switch (valueType) {
            case ReadingValue.TYPE_DECIMAL -> new ReadingValue.Decimal(in.i64("value.unscaled"), in.i8("value.scale"));
            case ReadingValue.TYPE_FLOAT64 -> {
                double d = Double.longBitsToDouble(in.i64("value.float64"));
                if (!Double.isFinite(d)) {
                    throw new FormatException("value.float64", valueAt + 1, "NaN or infinity is not a measurement");
                }
                yield new ReadingValue.Float64(d);
            }
            default -> throw new FormatException("value.type", valueAt,
                    String.format("value type 0x%02x is unknown; want 0x01 (decimal) or 0x02 (float64)", valueType));
        };
        try {
            return new Reading(new SensorCode(code), seq, time, clock, quantity, unit, value);
        } catch (IllegalArgumentException e) {
            // Only quantity and unit syntax can still be wrong here.
            boolean unitWrong = e.getMessage().startsWith("unit");
            throw new FormatException(unitWrong ? "unit" : "quantity", unitWrong ? unitAt : at, e.getMessage());
        }
    }
}
