package cn.bsnedge.ledger.entry;

import static cn.bsnedge.ledger.Fixtures.hex;
import static cn.bsnedge.ledger.entry.EntryCodecTest.assertRejected;
import static cn.bsnedge.ledger.entry.EntryCodecTest.with;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.codec.FormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FORMAT.md §2.9 clock-step entries, decoded from hand-written, commented byte arrays. */
class ClockStepCodecTest {

    /** {@link Fixtures#forwardStep()}: 48 bytes. Offsets in the comments are the field's first byte. */
    static final byte[] FORWARD = hex(
            "01",                                           // [0]  u8 version 1
            "05",                                           // [1]  u8 type 0x05 (clock step)
            "12",                                           // [2]  code length (18)
            "38382e313030312e33312f47572d30303037",         // [3]  "88.1001.31/GW-0007": the gateway's code
            "0000000000000001",                             // [21] u64 seq 1: the gateway's first clock step
            "0000019ab03842c0",                             // [29] i64 time (after) 1763893068480 = 2025-11-23T10:17:48.480Z
            "03",                                           // [37] u8 resolution exponent 3 (ms)
            "01",                                           // [38] u8 clock 1 (synced after the step)
            "0000019aafbefa00",                             // [39] i64 before 1763885120000 = 2025-11-23T08:05:20.000Z
            "03");                                          // [47] u8 before resolution exponent 3 (ms)

    /** {@link Fixtures#backwardStep()}: 48 bytes. */
    static final byte[] BACKWARD = hex(
            "01", "05",                                     // [0]  version 1, type 0x05 (clock step)
            "12", "38382e313030312e33312f47572d30303037",   // [2]  "88.1001.31/GW-0007"
            "0000000000000002",                             // [21] seq 2
            "0000019ab037f4a0", "03", "01",                 // [29] after 2025-11-23T10:17:28.480Z (ms), synced
            "0000019ab03869d0", "03");                      // [39] before 2025-11-23T10:17:58.480Z (ms)

    @Test
    void decode_commentedForwardStepBytes_givesTheStep_andEncodesBackToThem() throws FormatException {
        assertEquals(48, FORWARD.length);
        assertEquals(Fixtures.forwardStep(), EntryCodec.decode(FORWARD));
        assertArrayEquals(FORWARD, EntryCodec.encode(Fixtures.forwardStep()));
        assertEquals(Duration.parse("PT2H12M28.48S"), Fixtures.forwardStep().size());
        assertFalse(Fixtures.forwardStep().backwards());
    }

    @Test
    void decode_commentedBackwardStepBytes_givesTheStep_andEncodesBackToThem() throws FormatException {
        assertEquals(Fixtures.backwardStep(), EntryCodec.decode(BACKWARD));
        assertArrayEquals(BACKWARD, EntryCodec.encode(Fixtures.backwardStep()));
        assertEquals(Duration.ofSeconds(-30), Fixtures.backwardStep().size());
        assertTrue(Fixtures.backwardStep().backwards());
        assertEquals("backwards by PT30S (from 2025-11-23T10:17:58.480Z to 2025-11-23T10:17:28.480Z, synced after)",
                Fixtures.backwardStep().describe());
    }

    @Test
    void key_readsTheGatewayCodeAndItsSeq() throws FormatException {
        assertEquals(new EntryCodec.Key(Fixtures.GATEWAY_CODE, 2), EntryCodec.key(BACKWARD));
    }

    @Test
    void roundTrip_mixedResolutions_andTheExtremesOfTheMicrosecondRange() throws FormatException {
        List<ClockStep> steps = List.of(
                new ClockStep(Fixtures.GATEWAY_CODE, Long.MAX_VALUE, new Timestamp(-1, TimeResolution.NANOSECONDS), ClockQuality.UNSYNCED,
                        new Timestamp(0, TimeResolution.SECONDS)),
                new ClockStep(Fixtures.GATEWAY_CODE, 0, new Timestamp(Long.MAX_VALUE, TimeResolution.MICROSECONDS), ClockQuality.SYNCED,
                        new Timestamp(Long.MIN_VALUE, TimeResolution.MICROSECONDS)));
        for (ClockStep s : steps) {
            byte[] enc = EntryCodec.encode(s);
            assertEquals(s, EntryCodec.decode(enc));
            assertArrayEquals(enc, EntryCodec.encode(EntryCodec.decode(enc)));
        }
    }

    @Test
    void decode_fieldErrors_nameFieldAndOffset() {
        assertRejected(with(FORWARD, 47, 2), "before.resolution", 47);
        assertRejected(with(FORWARD, 37, 1), "time.resolution", 37);
        assertRejected(with(FORWARD, 38, 2), "clock", 38);
        assertRejected(with(FORWARD, 3, '_'), "sensor", 2);
        // before = 2^63-1 s: no i64 microsecond count holds it
        byte[] huge = FORWARD.clone();
        huge[39] = 0x7f;
        huge[47] = 0;
        assertTrue(assertRejected(huge, "before", 39).getMessage().contains("microsecond range"));
        assertTrue(assertRejected(Arrays.copyOf(FORWARD, 49), "clock-step", 48).getMessage().contains("1 trailing"));
    }

    @Test
    void decode_beforeEqualToAfter_isNoStep_andIsRejected() {
        byte[] same = FORWARD.clone();
        System.arraycopy(FORWARD, 29, same, 39, 9); // before := after, byte for byte
        FormatException e = assertRejected(same, "before", 39);
        assertTrue(e.getMessage().contains("a clock step must change the time"), e.getMessage());
        // The same instant in another resolution is the same time, and no step either.
        byte[] seconds = hex("01", "05", "12", "38382e313030312e33312f47572d30303037", "0000000000000001",
                "0000000000000064", "00", "01", "00000000000186a0", "03"); // after 100 s, before 100000 ms
        assertRejected(seconds, "before", 39);
    }

    @Test
    void decode_truncatedAtEveryLength_failsAsTruncated() {
        List<String> wrong = new ArrayList<>();
        for (int n = 0; n < FORWARD.length; n++) {
            try {
                EntryCodec.decode(Arrays.copyOf(FORWARD, n));
                wrong.add(n + " bytes: accepted");
            } catch (FormatException e) {
                if (!e.getMessage().contains("truncated") || e.offset() > n) {
                    wrong.add(n + " bytes: " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void constructor_refusesNoStepAndNegativeSeq_withTheReason() {
        Timestamp t = Timestamp.ofMillis(1763893068480L);
        var same = assertThrows(IllegalArgumentException.class,
                () -> new ClockStep(Fixtures.GATEWAY_CODE, 1, t, ClockQuality.SYNCED, t));
        assertEquals("before and after are both 2025-11-23T10:17:48.480Z; a clock step must change the time", same.getMessage());
        var seq = assertThrows(IllegalArgumentException.class,
                () -> new ClockStep(Fixtures.GATEWAY_CODE, -1, t, ClockQuality.SYNCED, Timestamp.ofMillis(0)));
        assertEquals("seq -1 is negative; want 0..2^63-1", seq.getMessage());
    }

    @Test
    void decodeReading_ofAClockStep_failsAtTheTypeByte() {
        FormatException e = assertThrows(FormatException.class, () -> EntryCodec.decodeReading(FORWARD));
        assertEquals(1, e.offset());
        assertTrue(e.getMessage().contains("0x05 (clock-step) is not a reading"), e.getMessage());
    }
}
