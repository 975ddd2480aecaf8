package cn.bsnedge.ledger.entry;

import static cn.bsnedge.ledger.Fixtures.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.codec.FormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FORMAT.md §2 reading entries, decoded from hand-written, commented byte arrays. */
class EntryCodecTest {

    /** {@link Fixtures#decimalReading()}: 69 bytes. Offsets in the comments are the field's first byte. */
    static final byte[] DECIMAL = hex(
            "01",                                           // [0]  u8 version 1
            "01",                                           // [1]  u8 type 0x01 (reading)
            "16",                                           // [2]  sensor code length (22)
            "38382e313030312e33312f5754522d30303031323334", // [3]  "88.1001.31/WTR-0001234"
            "0000000000000007",                             // [25] u64 seq 7
            "0000019aa56d6078",                             // [33] i64 time 1763712000120 units
            "03",                                           // [41] u8 resolution exponent 3 (ms)
            "01",                                           // [42] u8 clock 1 (synced)
            "0b",                                           // [43] quantity length (11)
            "74656d7065726174757265",                       // [44] "temperature"
            "03",                                           // [55] unit length (3)
            "43656c",                                       // [56] "Cel"
            "01",                                           // [59] u8 value type 1 (decimal)
            "000000000000085c",                             // [60] i64 unscaled 2140
            "02");                                          // [68] i8 scale 2 -> 21.40

    /** {@link Fixtures#floatReading()}: 63 bytes. */
    static final byte[] FLOAT64 = hex(
            "01",                                           // [0]  u8 version 1
            "01",                                           // [1]  u8 type 0x01 (reading)
            "15",                                           // [2]  sensor code length (21)
            "38382e313030312e33312f504d2d30303030303037",   // [3]  "88.1001.31/PM-0000007"
            "0000000000000005",                             // [24] u64 seq 5
            "0000000069201c00",                             // [32] i64 time 1763712000 units
            "00",                                           // [40] u8 resolution exponent 0 (s)
            "00",                                           // [41] u8 clock 0 (unsynced)
            "05",                                           // [42] quantity length (5)
            "706d325f35",                                   // [43] "pm2_5"
            "05",                                           // [48] unit length (5)
            "75672f6d33",                                   // [49] "ug/m3"
            "02",                                           // [54] u8 value type 2 (float64)
            "4029000000000000");                            // [55] IEEE 754 bits of 12.5

    @Test
    void decode_commentedDecimalBytes_givesTheReading() throws FormatException {
        assertEquals(69, DECIMAL.length);
        Reading r = EntryCodec.decodeReading(DECIMAL);
        assertEquals(Fixtures.decimalReading(), r);
        assertEquals("21.40", r.value().text());
        assertArrayEquals(DECIMAL, EntryCodec.encode(Fixtures.decimalReading()));
    }

    @Test
    void decode_commentedFloat64Bytes_givesTheReading() throws FormatException {
        assertEquals(63, FLOAT64.length);
        assertEquals(Fixtures.floatReading(), EntryCodec.decodeReading(FLOAT64));
        assertArrayEquals(FLOAT64, EntryCodec.encode(Fixtures.floatReading()));
    }

    private static Reading withValue(ReadingValue v) {
        Reading r = Fixtures.decimalReading();
        return new Reading(r.sensor(), r.seq(), r.time(), r.clock(), r.quantity(), r.unit(), v);
    }

    private static Reading roundTrip(Reading r) throws FormatException {
        byte[] enc = EntryCodec.encode(r);
        Reading back = EntryCodec.decodeReading(enc);
        assertEquals(r, back);
        assertArrayEquals(enc, EntryCodec.encode(back));
        return back;
    }

    @Test
    void roundTrip_trailingZeroIsKept_21_40and21_4AreDistinct() throws FormatException {
        Reading a = roundTrip(withValue(ReadingValue.Decimal.parse("21.40")));
        Reading b = roundTrip(withValue(ReadingValue.Decimal.parse("21.4")));
        assertEquals("21.40", a.value().text());
        assertEquals("21.4", b.value().text());
        assertFalse(Arrays.equals(EntryCodec.encode(a), EntryCodec.encode(b)));
        assertNotEquals(a, b);
    }

    @Test
    void roundTrip_extremeDecimals_exact() throws FormatException {
        assertEquals("12000", roundTrip(withValue(new ReadingValue.Decimal(12, -3))).value().text());
        for (long unscaled : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1}) {
            for (int scale : new int[] {-128, 0, 127}) {
                ReadingValue.Decimal d = new ReadingValue.Decimal(unscaled, scale);
                assertEquals(d, roundTrip(withValue(d)).value());
            }
        }
        byte[] minBytes = EntryCodec.encode(withValue(new ReadingValue.Decimal(Long.MIN_VALUE, -128)));
        assertArrayEquals(hex("01", "8000000000000000", "80"), Arrays.copyOfRange(minBytes, 59, 69));
    }

    @Test
    void roundTrip_float64_bitExact_signedZeroAndSubnormal() throws FormatException {
        Reading pos = roundTrip(withValue(new ReadingValue.Float64(0.0)));
        Reading neg = roundTrip(withValue(new ReadingValue.Float64(-0.0)));
        assertNotEquals(pos, neg);
        assertEquals((byte) 0x80, EntryCodec.encode(neg)[60], "-0.0 keeps its sign bit");
        assertEquals(0, EntryCodec.encode(pos)[60]);
        for (double d : new double[] {Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL / 3, Double.MAX_VALUE, 0.1}) {
            double back = ((ReadingValue.Float64) roundTrip(withValue(new ReadingValue.Float64(d))).value()).value();
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(back), Double.toString(d));
        }
    }

    @Test
    void roundTrip_timeResolutionsAndClock() throws FormatException {
        Reading r = Fixtures.decimalReading();
        for (TimeResolution res : TimeResolution.values()) {
            for (ClockQuality c : ClockQuality.values()) {
                roundTrip(new Reading(r.sensor(), Long.MAX_VALUE, new Timestamp(-1, res), c, "x", "%RH", r.value()));
            }
        }
    }

    /** Asserts the decode error names {@code field} and byte {@code offset}, in the exception and in its message. */
    static FormatException assertRejected(byte[] bytes, String field, int offset) {
        FormatException e = assertThrows(FormatException.class, () -> EntryCodec.decode(bytes));
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().startsWith(field + " at byte " + offset + ": "), e.getMessage());
        return e;
    }

    static byte[] with(byte[] base, int index, int value) {
        byte[] b = base.clone();
        b[index] = (byte) value;
        return b;
    }

    @Test
    void decode_wrongVersion_namesVersionAtByte0() {
        assertRejected(with(DECIMAL, 0, 2), "version", 0);
        assertRejected(with(DECIMAL, 0, 0), "version", 0);
    }

    @Test
    void decode_unknownType_namesTypeAtByte1() {
        for (int unknown : new int[] {0x00, 0x06, 0x0f, 0x10, 0xff}) {
            assertTrue(assertRejected(with(DECIMAL, 1, unknown), "type", 1).getMessage().contains(String.format("0x%02x", unknown)));
        }
    }

    @Test
    void decode_unknownValueType_namesValueTypeAtByte59() {
        assertRejected(with(DECIMAL, 59, 0x03), "value.type", 59);
        assertRejected(with(DECIMAL, 59, 0x00), "value.type", 59);
    }

    @Test
    void decode_badResolutionExponent_namesTimeResolution() {
        for (int bad : new int[] {1, 2, 4, 12, 0xff}) {
            assertTrue(assertRejected(with(DECIMAL, 41, bad), "time.resolution", 41).getMessage().contains("0, 3, 6, 9"));
        }
    }

    @Test
    void decode_badClockByte_namesClock() {
        assertRejected(with(DECIMAL, 42, 2), "clock", 42);
        assertRejected(with(DECIMAL, 42, 0x80), "clock", 42);
    }

    @Test
    void decode_nonPrintableSensorByte_namesTheByte() {
        assertTrue(assertRejected(with(DECIMAL, 5, 0x20), "sensor", 5).getMessage().contains("0x20"));
        assertRejected(with(DECIMAL, 24, 0x7f), "sensor", 24);
        assertRejected(with(DECIMAL, 3, 0xc3), "sensor", 3);
    }

    @Test
    void decode_malformedSensorCode_namesSensorAtItsLength() {
        assertTrue(assertRejected(with(DECIMAL, 13, '-'), "sensor", 2).getMessage().contains("no '/'"));
        assertTrue(assertRejected(with(DECIMAL, 3, 'x'), "sensor", 2).getMessage().contains("prefix"));
        assertRejected(with(DECIMAL, 2, 0), "sensor.length", 2);
    }

    @Test
    void decode_seqAbove2pow63minus1_namesSeq() {
        assertRejected(with(DECIMAL, 25, 0x80), "seq", 25);
    }

    private static byte[] withTime(byte[] base, int at, long units) {
        byte[] b = base.clone();
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (units >>> (56 - 8 * i));
        }
        return b;
    }

    @Test
    void decode_timeWithoutAnI64MicrosecondValue_namesTime() throws FormatException {
        // Block headers carry entry times as i64 µs; seconds beyond ±(2^63-1)/10^6 cannot be sealed or checked.
        long maxSeconds = Long.MAX_VALUE / 1_000_000L;
        assertEquals(maxSeconds, EntryCodec.decodeReading(withTime(FLOAT64, 32, maxSeconds)).time().units());
        assertRejected(withTime(FLOAT64, 32, maxSeconds + 1), "time", 32);
        assertRejected(withTime(FLOAT64, 32, Long.MIN_VALUE), "time", 32);
        assertRejected(withTime(DECIMAL, 33, Long.MAX_VALUE / 999), "time", 33);
        // µs and ns stamps always have a µs value.
        byte[] ns = withTime(with(DECIMAL, 41, 9), 33, Long.MIN_VALUE);
        assertEquals(Long.MIN_VALUE, EntryCodec.decodeReading(ns).time().units());
    }

    @Test
    void decode_unregisteredUnit_namesUnit() {
        assertTrue(assertRejected(with(DECIMAL, 57, 'E'), "unit", 55).getMessage().contains("'CEl'"));
        assertRejected(with(DECIMAL, 55, 0), "unit.length", 55);
    }

    @Test
    void decode_badQuantity_namesQuantity() {
        assertRejected(with(DECIMAL, 44, 'T'), "quantity", 43);
    }

    @Test
    void decode_truncatedAtEveryLength_failsAsTruncated() {
        List<String> wrong = new ArrayList<>();
        for (byte[] vector : List.of(DECIMAL, FLOAT64)) {
            for (int n = 0; n < vector.length; n++) {
                byte[] cut = Arrays.copyOf(vector, n);
                try {
                    EntryCodec.decode(cut);
                    wrong.add(n + " bytes: accepted");
                } catch (FormatException e) {
                    if (!e.getMessage().contains("truncated") || e.offset() > n || e.field().isEmpty()) {
                        wrong.add(n + " bytes: " + e.getMessage());
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void decode_truncatedInsideSeq_namesSeqAndWhereItStarts() {
        FormatException e = assertRejected(Arrays.copyOf(DECIMAL, 30), "seq", 25);
        assertTrue(e.getMessage().contains("need 8 bytes, have 5"), e.getMessage());
    }

    @Test
    void decode_trailingByte_isRejected() {
        byte[] longer = Arrays.copyOf(DECIMAL, DECIMAL.length + 1);
        assertTrue(assertRejected(longer, "reading", 69).getMessage().contains("1 trailing"));
        assertRejected(Arrays.copyOf(FLOAT64, FLOAT64.length + 3), "reading", 63);
    }

    @Test
    void decode_nanOrInfinityFloat_namesValueFloat64() {
        for (long bits : new long[] {0x7ff8000000000000L, 0x7ff0000000000001L, 0xfff8000000000000L,
                Double.doubleToRawLongBits(Double.POSITIVE_INFINITY), Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY)}) {
            byte[] b = FLOAT64.clone();
            for (int i = 0; i < 8; i++) {
                b[55 + i] = (byte) (bits >>> (56 - 8 * i));
            }
            assertRejected(b, "value.float64", 55);
        }
    }

    @Test
    void key_readsSensorAndSeq_withoutDecodingTheRest() throws FormatException {
        assertEquals(new EntryCodec.Key(SensorCode.of("88.1001.31/WTR-0001234"), 7), EntryCodec.key(DECIMAL));
        assertEquals(new EntryCodec.Key(SensorCode.of("88.1001.31/PM-0000007"), 5), EntryCodec.key(FLOAT64));
        // Everything after seq is garbage or missing: key() still answers, decode() does not.
        byte[] prefixOnly = Arrays.copyOf(DECIMAL, 33);
        assertEquals(7, EntryCodec.key(prefixOnly).seq());
        assertThrows(FormatException.class, () -> EntryCodec.decode(prefixOnly));
        assertEquals(7, EntryCodec.key(with(DECIMAL, 59, 0x7f)).seq());
    }

    @Test
    void key_rejectsWrongVersionBadCodeAndHugeSeq() {
        FormatException v = assertThrows(FormatException.class, () -> EntryCodec.key(with(DECIMAL, 0, 9)));
        assertEquals("version", v.field());
        FormatException s = assertThrows(FormatException.class, () -> EntryCodec.key(with(DECIMAL, 13, '-')));
        assertEquals("sensor", s.field());
        assertEquals(2, s.offset());
        FormatException q = assertThrows(FormatException.class, () -> EntryCodec.key(with(DECIMAL, 25, 0x80)));
        assertEquals("seq", q.field());
        assertEquals(25, q.offset());
        assertThrows(FormatException.class, () -> EntryCodec.key(Arrays.copyOf(DECIMAL, 30)));
    }
}
