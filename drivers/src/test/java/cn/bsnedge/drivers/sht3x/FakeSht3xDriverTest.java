package cn.bsnedge.drivers.sht3x;

import cn.bsnedge.drivers.BusException;
import cn.bsnedge.drivers.ChecksumException;
import cn.bsnedge.drivers.ChipNotFoundException;
import cn.bsnedge.drivers.ImplausibleValueException;
import cn.bsnedge.drivers.io.I2cDevice;
import cn.bsnedge.drivers.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakeSht3xDriverTest extends AbstractSht3xDriverTest {

    private final FakeSht3x chip = new FakeSht3x();
    private final FakeClock clock = new FakeClock();

    @Override
    I2cDevice device() {
        return chip;
    }

    @Override
    InstantSource clock() {
        return clock;
    }

    @Override
    void waitUntil(Instant t) {
        clock.setTo(t);
    }

    @Test
    void crc8_datasheetExample() {
        // SHT3x-DIS datasheet 4.12, table 19: CRC of 0xBEEF is 0x92.
        assertEquals(0x92, Sht3xCrc.crc8(0xBE, 0xEF));
        assertEquals(0xAC, Sht3xCrc.crc8(0xFF, 0xFF), "all-ones (floating bus) has a CRC of 0xAC, not 0xFF");
    }

    @Test
    void poll_handComputedConversion() throws Exception {
        // T = -45 + 175 * 0x6666/65535 = 24.9973 -> 25.00; RH = 100 * 0x8000/65535 = 50.0008 -> 50.00
        chip.rawT = 0x6666;
        chip.rawH = 0x8000;
        Sht3xDriver d = new Sht3xDriver(chip, clock);
        waitUntil(d.start());
        assertEquals(new Sht3xReading(new BigDecimal("25.00"), new BigDecimal("50.00")), d.poll().orElseThrow());
    }

    @Test
    void start_sendsSingleShotHighRepeatabilityWithoutClockStretching() throws Exception {
        Sht3xDriver d = new Sht3xDriver(chip, clock);
        d.start();
        assertEquals(List.of("w f3 2d", "r +3", "w 30 41", "w 24 00"), chip.log());
    }

    @Test
    void poll_before15_5ms_isEmpty_thenResultIsFetchedOnce() throws Exception {
        Sht3xDriver d = new Sht3xDriver(chip, clock);
        Instant ready = d.start();
        assertEquals(Duration.ofNanos(15_500_000), Duration.between(clock.instant(), ready));
        clock.advance(Duration.ofMillis(15));
        assertTrue(d.poll().isEmpty());
        waitUntil(ready);
        assertTrue(d.poll().isPresent());
        assertTrue(d.poll().isEmpty(), "a conversion is fetched once, never repeated");
    }

    @Test
    void poll_corruptHumidityCrc_isChecksumErrorAndNoReading() throws Exception {
        chip.corruptHumidityCrc = true;
        Sht3xDriver d = new Sht3xDriver(chip, clock);
        waitUntil(d.start());
        ChecksumException e = assertThrows(ChecksumException.class, d::poll);
        assertTrue(e.getMessage().startsWith("i2c-1 0x44: humidity word 0x8000 has CRC"), e.getMessage());
    }

    @Test
    void constructor_nothingAnswers_isChipNotFound() {
        chip.nack(true);
        assertThrows(ChipNotFoundException.class, () -> new Sht3xDriver(chip, clock));
    }

    @Test
    void constructor_statusWithBadCrc_isChipNotFound() {
        // A floating bus (no pull-ups) or another chip reads all ones; 0xFF is not the CRC of 0xFFFF.
        FakeSht3x wrong = new FakeSht3x() {
            @Override
            protected void onRead(byte[] into) {
                java.util.Arrays.fill(into, (byte) 0xFF);
            }
        };
        ChipNotFoundException e = assertThrows(ChipNotFoundException.class, () -> new Sht3xDriver(wrong, clock));
        assertEquals("i2c-1 0x44: status word 0xffff has CRC 0xff, want 0xac: not an SHT3x", e.getMessage());
    }

    @Test
    void poll_nackOnFetch_isBusException() throws Exception {
        Sht3xDriver d = new Sht3xDriver(chip, clock);
        waitUntil(d.start());
        chip.nack(true);
        assertThrows(BusException.class, d::poll);
    }

    @Test
    void read_chipResetBetweenStartAndFetch_failsThenRecoversNextCycle() throws Exception {
        Sht3xDriver d = new Sht3xDriver(chip, clock);
        d.read();
        chip.powerCycle();   // the latched conversion is lost
        waitUntil(d.busyUntil());
        assertThrows(BusException.class, d::read);
        waitUntil(d.busyUntil());
        assertEquals(2, d.read().size(), "read restarted a conversion after the failure");
    }

    @Test
    void poll_temperatureAtFormulaExtremes_isImplausible() throws Exception {
        Sht3xDriver d = new Sht3xDriver(chip, clock);
        for (int raw : new int[]{0x0000, 0xFFFF}) {   // -45 °C and 130 °C: outside the -40..125 °C spec
            chip.rawT = raw;
            waitUntil(d.start());
            assertThrows(ImplausibleValueException.class, d::poll, "raw " + raw);
        }
    }
}
