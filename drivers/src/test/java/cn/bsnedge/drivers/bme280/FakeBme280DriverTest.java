package cn.bsnedge.drivers.bme280;

import cn.bsnedge.drivers.BusException;
import cn.bsnedge.drivers.ChipNotFoundException;
import cn.bsnedge.drivers.DeviceResetException;
import cn.bsnedge.drivers.ImplausibleValueException;
import cn.bsnedge.drivers.Measurement;
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

class FakeBme280DriverTest extends AbstractBme280DriverTest {

    private final FakeBme280 chip = new FakeBme280();
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

    private Bme280Driver ready() throws Exception {
        Bme280Driver d = new Bme280Driver(chip, Bme280Config.DEFAULT, clock);
        waitUntil(d.busyUntil());
        return d;
    }

    @Test
    void read_datasheetExampleRawValues_givesDatasheetTemperatureAndPressure() throws Exception {
        // BMP280 datasheet 3.12: adc_T 519888 -> 25.08 °C; adc_P 415148 -> 100653.27 Pa (0.1 Pa resolution here).
        Bme280Reading r = ready().poll().orElseThrow();
        assertEquals(new BigDecimal("25.08"), r.temperature());
        assertEquals(new BigDecimal("100653.3"), r.pressure());
    }

    @Test
    void constructor_writesConfigurationInSleepModeThenStartsNormalMode() throws Exception {
        new Bme280Driver(chip, Bme280Config.DEFAULT, clock);
        // sleep; config t_sb=1000ms(101) filter=4(010) -> a8; ctrl_hum x1; ctrl_meas T x2(010) P x16(101) normal(11) -> 57
        List<String> writes = chip.log().stream().filter(s -> s.startsWith("w ")).toList();
        assertEquals(List.of("w f4 00", "w f5 a8", "w f2 01", "w f4 57"), writes);
    }

    @Test
    void busyUntil_isStartupPlusMaximumMeasurementTime() throws Exception {
        Instant t0 = clock.instant();
        Bme280Driver d = new Bme280Driver(chip, Bme280Config.DEFAULT, clock);
        // datasheet 9.1: 1.25 + 2.3*2 + (2.3*16 + 0.575) + (2.3*1 + 0.575) = 46.1 ms, plus 2 ms start-up
        assertEquals(Duration.ofNanos(48_100_000), Duration.between(t0, d.busyUntil()));
        clock.advance(Duration.ofNanos(48_099_000));
        assertTrue(d.poll().isEmpty());
        clock.advance(Duration.ofNanos(1_000));
        assertTrue(d.poll().isPresent());
    }

    @Test
    void constructor_bmp280ChipId_failsNamingTheIdFound() {
        chip.set(0xD0, 0x58);
        ChipNotFoundException e = assertThrows(ChipNotFoundException.class,
                () -> new Bme280Driver(chip, Bme280Config.DEFAULT, clock));
        assertEquals("i2c-1 0x76: chip id 0x58 (a BMP280, which has no humidity sensor), want 0x60 (BME280)", e.getMessage());
    }

    @Test
    void constructor_nothingAnswers_isChipNotFound() {
        chip.nack(true);
        ChipNotFoundException e = assertThrows(ChipNotFoundException.class,
                () -> new Bme280Driver(chip, Bme280Config.DEFAULT, clock));
        assertTrue(e.getMessage().startsWith("i2c-1 0x76: no answer reading chip id"), e.getMessage());
    }

    @Test
    void poll_nackMidRun_isBusExceptionWithAddress() throws Exception {
        Bme280Driver d = ready();
        chip.nack(true);
        BusException e = assertThrows(BusException.class, d::read);
        assertEquals("i2c-1", e.device().bus());
        assertEquals("0x76", e.device().address());
    }

    @Test
    void poll_chipResetMidRun_reportsResetReconfiguresAndRecovers() throws Exception {
        Bme280Driver d = ready();
        chip.writeRegister(0xE0, (byte) 0xB6);   // brown-out: registers back to power-on values
        assertThrows(DeviceResetException.class, d::read);
        assertEquals(0x57, chip.get(0xF4), "normal mode re-applied");
        assertTrue(d.read().isEmpty(), "no sample until the first conversion after the reset");
        chip.setRaw(FakeBme280.ADC_T, FakeBme280.ADC_P, 30000);   // the chip converts again
        waitUntil(d.busyUntil());
        assertEquals(new BigDecimal("25.08"), d.poll().orElseThrow().temperature());
    }

    @Test
    void poll_noConversionValueInDataRegisters_isImplausibleNotAReading() throws Exception {
        Bme280Driver d = ready();
        chip.setRaw(0x80000, FakeBme280.ADC_P, 30000);
        assertThrows(ImplausibleValueException.class, d::read);
    }

    @Test
    void poll_temperatureAboveOperatingRange_isImplausible() throws Exception {
        Bme280Driver d = ready();
        chip.setRaw(0xFFFF0, FakeBme280.ADC_P, 30000);
        ImplausibleValueException e = assertThrows(ImplausibleValueException.class, d::read);
        assertTrue(e.getMessage().contains("outside -40..85 Cel"), e.getMessage());
    }

    @Test
    void poll_pressureBelowRange_isImplausible() throws Exception {
        Bme280Driver d = ready();
        chip.setRaw(FakeBme280.ADC_T, 0xFFFF0, 30000);
        assertThrows(ImplausibleValueException.class, d::read);
    }

    @Test
    void poll_humiditySkipped_reportsOnlyTemperatureAndPressure() throws Exception {
        Bme280Config noHum = new Bme280Config(Bme280Config.Oversampling.X1, Bme280Config.Oversampling.X1,
                Bme280Config.Oversampling.SKIP, Bme280Config.Filter.OFF, Bme280Config.Standby.MS_1000);
        Bme280Driver d = new Bme280Driver(chip, noHum, clock);
        waitUntil(d.busyUntil());
        assertEquals(List.of("temperature", "pressure"), d.read().stream().map(Measurement::quantity).toList());
    }
}
