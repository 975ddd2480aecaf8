package cn.bsnedge.drivers.pms5003;

import cn.bsnedge.drivers.BusException;
import cn.bsnedge.drivers.ChecksumException;
import cn.bsnedge.drivers.ImplausibleValueException;
import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.io.ByteStream;
import cn.bsnedge.drivers.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakePms5003DriverTest extends AbstractPms5003DriverTest {

    /** A frame written out by hand; the checksum is the byte sum, worked below. */
    static final byte[] FRAME = HexFormat.of().parseHex(String.join("",
            "424d",   // start characters
            "001c",   // frame length 28 = 13 data words + checksum
            "0005",   // PM1.0  CF=1      5 ug/m3
            "0008",   // PM2.5  CF=1      8
            "000a",   // PM10   CF=1     10
            "0005",   // PM1.0  atmospheric  5
            "0008",   // PM2.5  atmospheric  8
            "000a",   // PM10   atmospheric 10
            "03e8",   // > 0.3 um per 0.1 L: 1000
            "012c",   // > 0.5 um: 300
            "0064",   // > 1.0 um: 100
            "000a",   // > 2.5 um: 10
            "0002",   // > 5.0 um: 2
            "0001",   // > 10 um: 1
            "9700",   // reserved (version 0x97, error code 0)
            // 0x42+0x4d+0x1c = 171; data bytes 5+8+10+5+8+10 + 3+232 + 1+44 + 100 + 10 + 2 + 1 + 151 = 590;
            // 171 + 590 = 761 = 0x02f9
            "02f9"));

    private final ScriptedByteStream line = new ScriptedByteStream();
    private final FakeClock clock = new FakeClock();

    @Override
    ByteStream stream() {
        return line;
    }

    @Override
    InstantSource clock() {
        return clock;
    }

    @Override
    void waitUntil(Instant t) {
        clock.setTo(t);
        line.arrive(FRAME);
    }

    private Pms5003Driver warm() {
        Pms5003Driver d = new Pms5003Driver(line, clock);
        clock.advance(Pms5003Driver.WARM_UP);
        return d;
    }

    static byte[] withPm(int pm1, int pm25, int pm10) {
        byte[] f = FRAME.clone();
        f[10] = (byte) (pm1 >> 8);
        f[11] = (byte) pm1;
        f[12] = (byte) (pm25 >> 8);
        f[13] = (byte) pm25;
        f[14] = (byte) (pm10 >> 8);
        f[15] = (byte) pm10;
        int sum = 0;
        for (int i = 0; i < 30; i++) {
            sum += f[i] & 0xFF;
        }
        f[30] = (byte) (sum >> 8);
        f[31] = (byte) sum;
        return f;
    }

    @Test
    void read_handWrittenFrame_givesAtmosphericConcentrations() throws Exception {
        Pms5003Driver d = warm();
        line.arrive(FRAME);
        assertEquals(List.of(new Measurement("pm1", "ug/m3", BigDecimal.valueOf(5)),
                new Measurement("pm2.5", "ug/m3", BigDecimal.valueOf(8)),
                new Measurement("pm10", "ug/m3", BigDecimal.valueOf(10))), d.read());
    }

    @Test
    void poll_decodesEveryWord() throws Exception {
        Pms5003Driver d = warm();
        line.arrive(FRAME);
        assertEquals(new Pms5003Frame(5, 8, 10, 5, 8, 10, 1000, 300, 100, 10, 2, 1), d.poll().orElseThrow());
    }

    @Test
    void read_frameSplitAcrossChunksAfterGarbage_resynchronises() throws Exception {
        Pms5003Driver d = warm();
        byte[] garbage = HexFormat.of().parseHex("ff00424d00ff4d42");   // noise incl. a false start and a bad length
        line.arrive(garbage, Arrays.copyOfRange(FRAME, 0, 7), Arrays.copyOfRange(FRAME, 7, 32));
        assertEquals(BigDecimal.valueOf(8), d.read().get(1).value());
    }

    @Test
    void read_corruptByteInFrame_isChecksumErrorAndNextFrameStillParses() throws Exception {
        Pms5003Driver d = warm();
        byte[] bad = FRAME.clone();
        bad[13] ^= 0x10;   // PM2.5 CF=1 bit flip
        line.arrive(bad);
        ChecksumException e = assertThrows(ChecksumException.class, d::read);
        assertEquals("/dev/serial0: 1 frame(s) failed checksum, none valid; last: frame checksum 0x02f9, computed 0x0309", e.getMessage());
        line.arrive(FRAME);
        assertEquals(3, d.read().size());
    }

    @Test
    void read_severalFramesArrived_reportsOnlyTheNewestOnce() throws Exception {
        Pms5003Driver d = warm();
        line.arrive(withPm(1, 2, 3), withPm(4, 5, 6));
        assertEquals(BigDecimal.valueOf(5), d.read().get(1).value());
        assertTrue(d.read().isEmpty(), "no new frame: no reading, never the previous one");
    }

    @Test
    void read_duringWarmUp_dropsFrames() throws Exception {
        Pms5003Driver d = new Pms5003Driver(line, clock);
        line.arrive(FRAME);
        clock.advance(Duration.ofSeconds(29));
        assertTrue(d.read().isEmpty());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(d.read().isEmpty(), "the warm-up frame was discarded, not kept for later");
    }

    @Test
    void read_sizesDoNotNest_isImplausible() throws Exception {
        Pms5003Driver d = warm();
        line.arrive(withPm(5, 30, 10));
        assertThrows(ImplausibleValueException.class, d::read);
    }

    @Test
    void read_aboveMaximumRange_isImplausible() throws Exception {
        Pms5003Driver d = warm();
        line.arrive(withPm(900, 1500, 2000));
        assertThrows(ImplausibleValueException.class, d::read);
    }

    @Test
    void read_serialError_isBusException() {
        Pms5003Driver d = warm();
        line.fail = true;
        assertThrows(BusException.class, d::read);
    }

    @Test
    void read_sensorRestartsMidFrame_truncatedFrameIsDroppedAndNextOneParses() throws Exception {
        Pms5003Driver d = warm();
        line.arrive(Arrays.copyOfRange(FRAME, 0, 20), FRAME);   // power blip: frame cut short, sensor starts over
        assertEquals(new Pms5003Frame(5, 8, 10, 5, 8, 10, 1000, 300, 100, 10, 2, 1), d.poll().orElseThrow());
    }
}
