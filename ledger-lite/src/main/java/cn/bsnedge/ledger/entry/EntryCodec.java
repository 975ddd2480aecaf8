package cn.bsnedge.ledger.entry;

import cn.bsnedge.ledger.codec.ByteReader;
import cn.bsnedge.ledger.codec.ByteWriter;
import cn.bsnedge.ledger.codec.FormatException;

/**
 * The canonical entry encoding of FORMAT.md §2 (version 1). There is exactly one encoding per
 * entry value and decoding rejects anything else (unknown version or type, bad lengths,
 * trailing bytes), so "decode then re-encode" is the identity on every accepted input.
 * Readings are encoded here, the registry entry types in {@link RegistryCodec}, clock steps in
 * {@link ClockStepCodec}.
 */
public final class EntryCodec {

    public static final int VERSION = 1;
    public static final int TYPE_READING = 0x01;
    public static final int TYPE_REGISTRATION = 0x02;
    public static final int TYPE_CALIBRATION = 0x03;
    public static final int TYPE_RETIREMENT = 0x04;
    public static final int TYPE_CLOCK_STEP = 0x05;

    private EntryCodec() {
    }

    public static byte[] encode(Entry entry) {
        return switch (entry) {
            case Reading r -> encodeReading(r);
            case SensorRegistration r -> RegistryCodec.encode(r);
            case SensorCalibration c -> RegistryCodec.encode(c);
            case SensorRetirement r -> RegistryCodec.encode(r);
            case ClockStep s -> ClockStepCodec.encode(s);
        };
    }

    private static byte[] encodeReading(Reading r) {
        ByteWriter w = EntryFields.writeHead(new ByteWriter(64 + r.sensor().value().length()), r)
                .ascii8(r.quantity())
                .ascii8(r.unit())
                .u8(r.value().type());
        switch (r.value()) {
            case ReadingValue.Decimal d -> EntryFields.writeDecimal(w, d);
            case ReadingValue.Float64 f -> w.i64(Double.doubleToRawLongBits(f.value()));
        }
        return w.toByteArray();
    }

    /** The FORMAT.md name of an entry type, for messages. */
    public static String typeName(int type) {
        return switch (type) {
            case TYPE_READING -> "reading";
            case TYPE_REGISTRATION -> "registration";
            case TYPE_CALIBRATION -> "calibration";
            case TYPE_RETIREMENT -> "retirement";
            case TYPE_CLOCK_STEP -> "clock-step";
            default -> String.format("unknown type 0x%02x", type);
        };
    }

    public static Entry decode(byte[] bytes) throws FormatException {
        ByteReader in = new ByteReader(bytes);
        readVersion(in);
        int type = in.u8("type");
        Entry e = switch (type) {
            case TYPE_READING -> decodeReading(in);
            case TYPE_REGISTRATION -> RegistryCodec.decodeRegistration(in);
            case TYPE_CALIBRATION -> RegistryCodec.decodeCalibration(in);
            case TYPE_RETIREMENT -> RegistryCodec.decodeRetirement(in);
            case TYPE_CLOCK_STEP -> ClockStepCodec.decode(in);
            default -> throw new FormatException("type", 1, String.format("entry type 0x%02x is unknown; want 0x01 (reading),"
                    + " 0x02 (registration), 0x03 (calibration), 0x04 (retirement) or 0x05 (clock step)", type));
        };
        in.expectEnd(typeName(type));
        return e;
    }

    private static void readVersion(ByteReader in) throws FormatException {
        int version = in.u8("version");
        if (version != VERSION) {
            throw new FormatException("version", 0, "entry format version " + version + " is not supported; want " + VERSION);
        }
    }

    /** The (sensor, seq) every entry type begins with, read without decoding the rest. */
    public record Key(SensorCode sensor, long seq) {
    }

    /**
     * Reads only the common prefix (version, type, sensor, seq) that FORMAT.md §2 fixes for
     * every entry type, so a store can index entries without decoding values. It answers for
     * every type byte, known or not, because the prefix is the same for all of them.
     */
    public static Key key(byte[] bytes) throws FormatException {
        ByteReader in = new ByteReader(bytes);
        readVersion(in);
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

    /** Decodes and requires a reading: any other entry type fails at its type byte. */
    public static Reading decodeReading(byte[] bytes) throws FormatException {
        Entry e = decode(bytes);
        if (e instanceof Reading r) {
            return r;
        }
        throw new FormatException("type", 1, String.format("entry type 0x%02x (%s) is not a reading; want 0x01",
                e.type(), typeName(e.type())));
    }

    private static Reading decodeReading(ByteReader in) throws FormatException {
        EntryFields.Head h = EntryFields.readHead(in);
        int at = in.position();
        String quantity = in.ascii8("quantity", 1, 32);
        int unitAt = in.position();
        String unit = in.ascii8("unit", 1, 16);
        int valueAt = in.position();
        int valueType = in.u8("value.type");
        ReadingValue value = switch (valueType) {
            case ReadingValue.TYPE_DECIMAL -> EntryFields.readDecimal(in, "value");
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
            return new Reading(h.sensor(), h.seq(), h.time(), h.clock(), quantity, unit, value);
        } catch (IllegalArgumentException e) {
            // Only quantity and unit syntax can still be wrong here.
            boolean unitWrong = e.getMessage().startsWith("unit");
            throw new FormatException(unitWrong ? "unit" : "quantity", unitWrong ? unitAt : at, e.getMessage());
        }
    }
}
