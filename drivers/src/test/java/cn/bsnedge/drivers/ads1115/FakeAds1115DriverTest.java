package cn.bsnedge.drivers.ads1115;

import cn.bsnedge.drivers.BusException;
import cn.bsnedge.drivers.ChipNotFoundException;
import cn.bsnedge.drivers.DeviceResetException;
import cn.bsnedge.drivers.ImplausibleValueException;
import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.io.I2cDevice;
import cn.bsnedge.drivers.testing.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakeAds1115DriverTest extends AbstractAds1115DriverTest {

    /** 150 Ω shunt, level transmitter 0..5 m: 20 mA -> 3.000 V, inside ±4.096 V. */
    static final CurrentLoop LEVEL = new CurrentLoop(new BigDecimal("150"), "water.level", "m",
            BigDecimal.ZERO, new BigDecimal("5"), 3);

    private final FakeAds1115 chip = new FakeAds1115();
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

    private Ads1115Driver ready(CurrentLoop loop) throws Exception {
        Ads1115Driver d = new Ads1115Driver(chip, AIN0_4V, loop, clock);
        waitUntil(d.busyUntil());
        return d;
    }

    @Test
    void constructor_writesContinuousConfigForChannelGainAndRate() throws Exception {
        new Ads1115Driver(chip, AIN0_4V, clock);
        // MUX AIN0 100, PGA 4.096 001, MODE continuous 0, DR 128 100, comparator off 00011:
        // 0 100 001 0 | 100 0 0 0 11 = 0x4283
        assertEquals(List.of("w 1 4283"), chip.log);
    }

    @Test
    void busyUntil_isOneConversionPeriodPlusWakeup() throws Exception {
        Instant t0 = clock.instant();
        Ads1115Driver d = new Ads1115Driver(chip, AIN0_4V, clock);
        assertEquals(Duration.ofNanos(7_812_500 + 100_000), Duration.between(t0, d.busyUntil()));
        assertTrue(d.read().isEmpty());
    }

    @ParameterizedTest(name = "raw {0} -> {1} V")
    @CsvSource({"14400, 1.800000", "1, 0.000125", "-1, -0.000125", "32766, 4.095750"})
    void pollVolts_scalesByGainLsb(int raw, String volts) throws Exception {
        Ads1115Driver d = ready(null);
        chip.conversion(raw);
        assertEquals(new BigDecimal(volts), d.pollVolts().orElseThrow());
    }

    @ParameterizedTest(name = "raw {0} = {1} mA -> {2} m")
    @CsvSource({
            "4800, 4.000, 0.000",    // 0.600 V / 150 Ω = 4 mA -> bottom of range
            "14400, 12.000, 2.500",  // 1.800 V -> 12 mA -> half of 0..5 m
            "24000, 20.000, 5.000",  // 3.000 V -> 20 mA -> top of range
            "4400, 3.667, -0.104",   // 3.667 mA: under range but above the 3.6 mA fault limit, reported as is
    })
    void read_currentLoop_scalesToEngineeringUnits(int raw, String ma, String metres) throws Exception {
        Ads1115Driver d = ready(LEVEL);
        chip.conversion(raw);
        assertEquals(new BigDecimal(ma), LEVEL.milliamps(d.pollVolts().orElseThrow()));
        assertEquals(List.of(new Measurement("water.level", "m", new BigDecimal(metres))), d.read());
    }

    @ParameterizedTest(name = "raw {0}")
    @CsvSource({"4200", "0", "25920"})   // 3.5 mA (under 3.6), 0 mA (broken wire), 21.6 mA (over 21)
    void read_loopCurrentOutside3_6to21mA_isSensorFaultNotAValue(int raw) throws Exception {
        Ads1115Driver d = ready(LEVEL);
        chip.conversion(raw);
        ImplausibleValueException e = assertThrows(ImplausibleValueException.class, d::read);
        assertTrue(e.getMessage().contains("sensor fault"), e.getMessage());
    }

    @Test
    void read_saturatedConverter_isImplausible() throws Exception {
        Ads1115Driver d = ready(null);
        chip.conversion(0x7FFF);
        assertThrows(ImplausibleValueException.class, d::read);
        chip.conversion(0x8000);
        assertThrows(ImplausibleValueException.class, d::read);
    }

    @Test
    void constructor_nothingAnswers_isChipNotFound() {
        chip.nack = true;
        assertThrows(ChipNotFoundException.class, () -> new Ads1115Driver(chip, AIN0_4V, clock));
    }

    @Test
    void constructor_configNotStored_isChipNotFoundNamingWhatWasRead() {
        chip.ignoresWrites = true;
        ChipNotFoundException e = assertThrows(ChipNotFoundException.class, () -> new Ads1115Driver(chip, AIN0_4V, clock));
        assertEquals("i2c-1 0x48: config read back as 0x8583 after writing 0x4283: not an ADS1115", e.getMessage());
    }

    @Test
    void read_nackMidRun_isBusException() throws Exception {
        Ads1115Driver d = ready(null);
        chip.nack = true;
        assertThrows(BusException.class, d::read);
    }

    @Test
    void read_chipResetMidRun_reportsResetAndReconfigures() throws Exception {
        Ads1115Driver d = ready(LEVEL);
        chip.powerCycle();
        assertThrows(DeviceResetException.class, d::read);
        assertEquals(0x4283, chip.regs[1]);
        chip.conversion(14400);
        waitUntil(d.busyUntil());
        assertEquals(new BigDecimal("2.500"), d.read().getFirst().value());
    }
}
