package cn.bsnedge.ledger.entry;

import static cn.bsnedge.ledger.Fixtures.hex;
import static cn.bsnedge.ledger.entry.EntryCodecTest.assertRejected;
import static cn.bsnedge.ledger.entry.EntryCodecTest.with;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.codec.FormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** FORMAT.md §2.5–§2.7 registry entries, decoded from hand-written, commented byte arrays. */
class RegistryEntryCodecTest {

    /** {@link Fixtures#registration()}: 184 bytes. Offsets in the comments are the field's first byte. */
    static final byte[] REGISTRATION = hex(
            "01",                                           // [0]   u8 version 1
            "02",                                           // [1]   u8 type 0x02 (registration)
            "16",                                           // [2]   sensor code length (22)
            "38382e313030312e33312f544d502d30303030303432", // [3]   "88.1001.31/TMP-0000042"
            "0000000000000001",                             // [25]  u64 seq 1
            "0000019aa56d6000",                             // [33]  i64 time 1763712000000 = 2025-11-21T08:00:00.000Z
            "03",                                           // [41]  u8 resolution exponent 3 (ms)
            "01",                                           // [42]  u8 clock 1 (synced)
            "06", "626d65323830",                           // [43]  driver, 6 bytes: "bme280"
            "0a", "6932633a313a30783736",                   // [50]  bus, 10 bytes: "i2c:1:0x76"
            "00002710",                                     // [61]  u32 intervalMillis 10000
            "01",                                           // [65]  u8 location present
            "000000000004c3f0", "04",                       // [66]  latitude 312304 scale 4 -> 31.2304
            "0000000000128911", "04",                       // [75]  longitude 1214737 scale 4 -> 121.4737
            "0011",                                         // [84]  locationDescription length (17)
            "e6b3b5e688bf33e58fb720e58c97e5a299",           // [86]  "泵房3号 北墙" (pump house 3, north wall)
            "ffffffffffffffe2", "02",                       // [103] offset -30 scale 2 -> -0.30
            "00000000000003e8", "03",                       // [112] scale 1000 scale 3 -> 1.000
            "0024",                                         // [121] calibratedBy length (36)
            "e4b88ae6b5b7e5b882e8aea1e9878fe6b58be8af95"
                    + "e68a80e69cafe7a094e7a9b6e999a2",         // [123] "上海市计量测试技术研究院" (12 × 3 bytes)
            "0000019a9e8f9000",                             // [159] i64 calibratedAt 1763596800000 = 2025-11-20T00:00:00Z
            "000f",                                         // [167] engineer length (15)
            "e69d8ee4bc9f2028452d3130343229");              // [169] "李伟 (E-1042)"

    /** {@link Fixtures#recalibration()}: 155 bytes. */
    static final byte[] CALIBRATION = hex(
            "01",                                           // [0]   u8 version 1
            "03",                                           // [1]   u8 type 0x03 (calibration)
            "16",                                           // [2]   sensor code length (22)
            "38382e313030312e33312f544d502d30303030303432", // [3]   "88.1001.31/TMP-0000042"
            "0000000000000004",                             // [25]  u64 seq 4
            "0000019aaa93bc00",                             // [33]  i64 time 1763798400000 = 2025-11-22T08:00:00.000Z
            "03",                                           // [41]  ms
            "01",                                           // [42]  synced
            "ffffffffffffffe7", "02",                       // [43]  offset -25 scale 2 -> -0.25
            "00000000000003e6", "03",                       // [52]  scale 998 scale 3 -> 0.998
            "0024",                                         // [61]  calibratedBy length (36)
            "e4b88ae6b5b7e5b882e8aea1e9878fe6b58be8af95"
                    + "e68a80e69cafe7a094e7a9b6e999a2",         // [63]  "上海市计量测试技术研究院"
            "0000019aaa5ccd80",                             // [99]  i64 calibratedAt 1763794800000 = 2025-11-22T07:00:00Z
            "000f",                                         // [107] engineer length (15)
            "e69d8ee4bc9f2028452d3130343229",               // [109] "李伟 (E-1042)"
            "001d",                                         // [124] reason length (29)
            "616e6e75616c20636865636b3a20647269667420"
                    + "2b302e30352043656c");                  // [126] "annual check: drift +0.05 Cel"

    /** {@link Fixtures#retirement()}: 110 bytes. */
    static final byte[] RETIREMENT = hex(
            "01",                                           // [0]   u8 version 1
            "04",                                           // [1]   u8 type 0x04 (retirement)
            "16",                                           // [2]   sensor code length (22)
            "38382e313030312e33312f544d502d30303030303432", // [3]   "88.1001.31/TMP-0000042"
            "0000000000000006",                             // [25]  u64 seq 6
            "0000019aafba1800",                             // [33]  i64 time 1763884800000 = 2025-11-23T08:00:00.000Z
            "03",                                           // [41]  ms
            "00",                                           // [42]  unsynced
            "000f",                                         // [43]  engineer length (15)
            "e78e8be88ab32028452d3039373729",               // [45]  "王芳 (E-0977)"
            "0030",                                         // [60]  reason length (48)
            "77617465722064616d6167653b207265706c61636564"
                    + "2062792038382e313030312e33312f544d502d30303030303433"); // [62] "water damage; replaced by 88.1001.31/TMP-0000043"

    @Test
    void decode_commentedRegistrationBytes_givesTheRegistration() throws FormatException {
        assertEquals(184, REGISTRATION.length);
        assertEquals(Fixtures.registration(), EntryCodec.decode(REGISTRATION));
        assertArrayEquals(REGISTRATION, EntryCodec.encode(Fixtures.registration()));
    }

    @Test
    void decode_commentedCalibrationBytes_givesTheCalibration() throws FormatException {
        assertEquals(155, CALIBRATION.length);
        assertEquals(Fixtures.recalibration(), EntryCodec.decode(CALIBRATION));
        assertArrayEquals(CALIBRATION, EntryCodec.encode(Fixtures.recalibration()));
    }

    @Test
    void decode_commentedRetirementBytes_givesTheRetirement() throws FormatException {
        assertEquals(110, RETIREMENT.length);
        assertEquals(Fixtures.retirement(), EntryCodec.decode(RETIREMENT));
        assertArrayEquals(RETIREMENT, EntryCodec.encode(Fixtures.retirement()));
    }

    private static void roundTrip(Entry e) throws FormatException {
        byte[] enc = EntryCodec.encode(e);
        Entry back = EntryCodec.decode(enc);
        assertEquals(e, back);
        assertArrayEquals(enc, EntryCodec.encode(back));
    }

    @Test
    void roundTrip_registrationWithoutLocationAndIdentityCalibration() throws FormatException {
        SensorRegistration r = Fixtures.registration();
        SensorRegistration bare = new SensorRegistration(r.sensor(), 0, r.time(), ClockQuality.UNSYNCED, "simulated", "none", 1,
                Optional.empty(), "", Calibration.IDENTITY, "e");
        roundTrip(bare);
        byte[] enc = EntryCodec.encode(bare);
        // after driver "simulated" and bus "none": interval at 58, then flag 0 and no coordinates, then description length 0
        assertArrayEquals(hex("00000001", "00", "0000"), Arrays.copyOfRange(enc, 58, 65));
    }

    @Test
    void roundTrip_everyWiringForm_andExtremeValues() throws FormatException {
        SensorRegistration r = Fixtures.registration();
        for (String bus : RegistryValuesTest.VALID_WIRING) {
            roundTrip(new SensorRegistration(r.sensor(), Long.MAX_VALUE, r.time(), r.clock(), "x", bus, Integer.MAX_VALUE,
                    Optional.of(Location.parse("-90", "180.000000000")), "路".repeat(341),
                    new Calibration(new ReadingValue.Decimal(Long.MIN_VALUE, -128), new ReadingValue.Decimal(-1, 127),
                            "b".repeat(255), Long.MAX_VALUE), "e".repeat(255)));
        }
        SensorCalibration c = Fixtures.recalibration();
        roundTrip(new SensorCalibration(c.sensor(), c.seq(), new Timestamp(-1, TimeResolution.NANOSECONDS), c.clock(),
                Calibration.IDENTITY, c.engineer(), ""));
    }

    @Test
    void decode_registrationFieldErrors_nameFieldAndOffset() {
        assertRejected(with(REGISTRATION, 44, 'B'), "driver", 43);
        assertRejected(with(REGISTRATION, 43, 0), "driver.length", 43);
        assertRejected(with(REGISTRATION, 43, 33), "driver.length", 43);
        assertRejected(with(REGISTRATION, 51, 'I'), "bus", 50);
        assertRejected(with(REGISTRATION, 58, 'X'), "bus", 50);             // "0X76": hex prefix is lower case
        assertRejected(with(with(REGISTRATION, 63, 0), 64, 0), "intervalMillis", 61);
        assertRejected(with(REGISTRATION, 61, 0x80), "intervalMillis", 61);
        assertRejected(with(REGISTRATION, 65, 2), "location.present", 65);
        assertRejected(with(REGISTRATION, 74, 3), "latitude", 66);          // 312.304
        assertRejected(with(REGISTRATION, 83, 3), "longitude", 75);         // 1214.737
        assertRejected(with(REGISTRATION, 84, 0x04), "locationDescription.length", 84);
        assertRejected(with(REGISTRATION, 92, 0x0a), "locationDescription", 92);
        assertRejected(with(REGISTRATION, 87, 0x00), "locationDescription", 86); // e6 00: broken sequence starts at 86
        assertRejected(zeroScale(REGISTRATION, 112), "scale", 112);
        assertRejected(with(REGISTRATION, 121, 0x01), "calibratedBy.length", 121);
        assertRejected(with(REGISTRATION, 159, 0xff), "calibratedAt", 159);
        assertRejected(with(with(REGISTRATION, 167, 0), 168, 0), "engineer.length", 167);
        assertTrue(assertRejected(Arrays.copyOf(REGISTRATION, 185), "registration", 184).getMessage().contains("1 trailing"));
    }

    @Test
    void decode_calibrationAndRetirementFieldErrors_nameFieldAndOffset() {
        assertRejected(zeroScale(CALIBRATION, 52), "scale", 52);
        assertRejected(with(CALIBRATION, 99, 0xff), "calibratedAt", 99);
        assertRejected(with(CALIBRATION, 108, 0), "engineer.length", 107);
        assertRejected(with(CALIBRATION, 126, 0x7f), "reason", 126);
        assertRejected(with(CALIBRATION, 42, 2), "clock", 42);
        assertRejected(Arrays.copyOf(CALIBRATION, 156), "calibration", 155);
        assertRejected(with(RETIREMENT, 61, 0), "reason.length", 60);       // a retirement must say why
        assertRejected(with(RETIREMENT, 45, 0xc0), "engineer", 45);         // not UTF-8
        assertRejected(with(RETIREMENT, 41, 2), "time.resolution", 41);
        assertRejected(Arrays.copyOf(RETIREMENT, 112), "retirement", 110);
    }

    /** Sets the decimal at {@code at} to 0 × 10^-scale: zero whatever its scale. */
    private static byte[] zeroScale(byte[] base, int at) {
        byte[] b = base.clone();
        Arrays.fill(b, at, at + 8, (byte) 0);
        return b;
    }

    @Test
    void decode_registryEntriesTruncatedAtEveryLength_failAsTruncated() {
        List<String> wrong = new ArrayList<>();
        for (byte[] vector : List.of(REGISTRATION, CALIBRATION, RETIREMENT)) {
            for (int n = 0; n < vector.length; n++) {
                try {
                    EntryCodec.decode(Arrays.copyOf(vector, n));
                    wrong.add("type " + vector[1] + ", " + n + " bytes: accepted");
                } catch (FormatException e) {
                    if (!e.getMessage().contains("truncated") || e.offset() > n || e.field().isEmpty()) {
                        wrong.add("type " + vector[1] + ", " + n + " bytes: " + e.getMessage());
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void key_readsSensorAndSeq_ofEveryEntryType() throws FormatException {
        assertEquals(new EntryCodec.Key(Fixtures.TMP42, 1), EntryCodec.key(REGISTRATION));
        assertEquals(new EntryCodec.Key(Fixtures.TMP42, 4), EntryCodec.key(CALIBRATION));
        assertEquals(new EntryCodec.Key(Fixtures.TMP42, 6), EntryCodec.key(RETIREMENT));
        assertEquals(6, EntryCodec.key(Arrays.copyOf(RETIREMENT, 33)).seq());
    }

    @Test
    void decodeReading_ofARegistryEntry_failsAtTheTypeByte() {
        for (byte[] b : List.of(REGISTRATION, CALIBRATION, RETIREMENT)) {
            FormatException e = assertThrows(FormatException.class, () -> EntryCodec.decodeReading(b));
            assertEquals("type", e.field());
            assertEquals(1, e.offset());
            assertTrue(e.getMessage().contains("is not a reading"), e.getMessage());
        }
    }

    @Test
    void decode_sameBytesUnderAnotherTypeByte_isRejected() {
        // A registration relabelled as a calibration must not decode as one: lengths no longer line up.
        assertThrows(FormatException.class, () -> EntryCodec.decode(with(REGISTRATION, 1, 3)));
        assertThrows(FormatException.class, () -> EntryCodec.decode(with(CALIBRATION, 1, 4)));
        assertThrows(FormatException.class, () -> EntryCodec.decode(with(RETIREMENT, 1, 1)));
    }
}
