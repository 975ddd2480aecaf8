package cn.bsnedge.agent.sensors;

import cn.bsnedge.agent.config.ConfigLoader;
import cn.bsnedge.agent.config.SensorConfig;
import cn.bsnedge.agent.sensors.DriverFactory.UnavailableDriverException;
import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SensorDriver;
import cn.bsnedge.ledger.entry.SenmlUnits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each driver built from a config snippet over register-level fakes, read once through the real driver. */
class DriverFactoryTest {

    @TempDir
    Path dataDir;

    private final FakeBuses buses = new FakeBuses();
    private Instant now = Instant.parse("2025-03-14T08:00:00Z");
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final InstantSource clock = () -> now;

    private DriverFactory factory() {
        return new DriverFactory(buses, dataDir, clock, nanos::get);
    }

    /** The single sensor of a gateway.yaml whose sensors list is {@code items}. */
    static SensorConfig sensor(String items) throws Exception {
        return sensors(items).getFirst();
    }

    static List<SensorConfig> sensors(String items) throws Exception {
        return ConfigLoader.parse("gateway.yaml", "gateway: {id: 88.1001.31/GW-0001}\nsensors:\n" + items.stripIndent())
                .sensors();
    }

    private void advance(Duration d) {
        now = now.plus(d);
        nanos.addAndGet(d.toNanos());
    }

    private static String show(List<Measurement> ms) {
        return String.join(", ", ms.stream().map(m -> m.quantity() + " " + m.value().toPlainString() + " " + m.unit()).toList());
    }

    @Test
    void bme280_atConfiguredAddress_readsDatasheetExample() throws Exception {
        FakeChips.Registers chip = FakeChips.bme280(1, 0x77, 0x60);
        buses.putI2c(1, 0x77, chip);
        SensorDriver d = factory().create(sensor("""
                  - {code: 88.1001.31/TMP-0001, driver: bme280, address: 0x77, interval: 10s}
                """), 0);
        advance(Duration.ofSeconds(1));
        List<Measurement> ms = d.read();
        assertEquals("bme280", d.driverName());
        assertTrue(show(ms).contains("temperature 25.08 Cel") && show(ms).contains("pressure 100653.3 Pa"), show(ms));
        assertEquals(List.of("i2c 1 0x77"), buses.requests);
    }

    @Test
    void bme280_standbyFollowsInterval_soEachReadGetsAFreshSample() throws Exception {
        FakeChips.Registers slow = FakeChips.bme280(1, 0x76, 0x60);
        FakeChips.Registers fast = FakeChips.bme280(3, 0x76, 0x60);
        buses.putI2c(1, 0x76, slow);
        buses.putI2c(3, 0x76, fast);
        DriverFactory f = factory();
        f.create(sensor("  - {code: 88.1001.31/TMP-0001, driver: bme280, interval: 10s}\n"), 0);
        f.create(sensor("  - {code: 88.1001.31/TMP-0002, driver: bme280, bus: 3, interval: 100ms}\n"), 0);
        // config register 0xF5: t_sb in bits 7..5, filter x4 (0b010) in bits 4..2 (datasheet 5.4.6)
        assertEquals(0b101_010_00, slow.regs[0xF5], "10 s interval: 1000 ms standby");
        assertEquals(0b111_010_00, fast.regs[0xF5], "100 ms interval: 20 ms standby + 46.1 ms conversion fits, 62.5 ms does not");
    }

    @Test
    void bme280_wrongChip_unavailableNamingSensorAndChip_andDeviceClosed() throws Exception {
        FakeChips.Registers bmp = FakeChips.bme280(1, 0x76, 0x58);
        buses.putI2c(1, 0x76, bmp);
        UnavailableDriverException e = assertThrows(UnavailableDriverException.class,
                () -> factory().create(sensor("  - {code: 88.1001.31/TMP-0001, driver: bme280}\n"), 0));
        assertTrue(e.getMessage().startsWith("sensor 88.1001.31/TMP-0001: driver bme280 on I2C bus 1 address 0x76 cannot be opened: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("BMP280"), e.getMessage());
        assertTrue(bmp.closed, "a driver that failed to start must release its device");
    }

    @Test
    void sht3x_firstReadStartsConversion_secondReturnsIt() throws Exception {
        // T = -45 + 175 * 26214 / 65535 = 25.00 Cel; RH = 100 * 32768 / 65535 = 50.00 %RH
        buses.putI2c(1, 0x45, new FakeChips.Sht3x(1, 0x45, 26214, 32768));
        SensorDriver d = factory().create(sensor("  - {code: 88.1001.31/HUM-0001, driver: sht3x, address: 0x45}\n"), 0);
        assertEquals(List.of(), d.read());
        advance(Duration.ofMillis(20));
        assertEquals("temperature 25.00 Cel, humidity 50.00 %RH", show(d.read()));
    }

    @Test
    void ads1115_withLoopOptions_reportsEngineeringValue() throws Exception {
        // 12 mA through 150 ohm = 1.8 V = 14400 LSB of 4.096/32768 V; 4..20 mA -> 0..5 m gives 2.500 m
        FakeChips.Ads1115 chip = new FakeChips.Ads1115(1, 0x49, 14400);
        buses.putI2c(1, 0x49, chip);
        SensorDriver d = factory().create(sensor("""
                  - code: 88.1001.31/LVL-0003
                    driver: ads1115
                    address: 0x49
                    options: {channel: 2, fullScale: "4.096", dataRate: "860", loop.shuntOhms: 150,
                              loop.quantity: water.level, loop.unit: m, loop.atMin: 0, loop.atMax: 5}
                """), 0);
        advance(Duration.ofSeconds(1));
        assertEquals("water.level 2.500 m", show(d.read()));
        // MUX AIN2 = 0b110, PGA 4.096 = 0b001, continuous, DR 860 = 0b111, comparator off (datasheet table 8)
        assertEquals(0b0_110_001_0_111_00011, chip.config());
    }

    @Test
    void ads1115_withoutLoop_reportsVolts() throws Exception {
        buses.putI2c(1, 0x48, new FakeChips.Ads1115(1, 0x48, 14400));
        SensorDriver d = factory().create(sensor("  - {code: 88.1001.31/LVL-0004, driver: ads1115, options: {fullScale: \"4.096\"}}\n"), 0);
        advance(Duration.ofSeconds(1));
        assertEquals("voltage 1.800000 V", show(d.read()));
    }

    @Test
    void ads1115_shuntBeyondFullScale_unavailableSayingWhichOptionToChange() throws Exception {
        buses.putI2c(1, 0x48, new FakeChips.Ads1115(1, 0x48, 0));
        UnavailableDriverException e = assertThrows(UnavailableDriverException.class, () -> factory().create(sensor("""
                  - {code: 88.1001.31/LVL-0003, driver: ads1115, options: {loop.shuntOhms: 150, loop.quantity: water.level, loop.unit: m}}
                """), 0));
        assertTrue(e.getMessage().contains("puts 21 mA at 3.150 V, beyond fullScale 2.048 V"), e.getMessage());
        assertEquals(List.of(), buses.requests, "a bad option combination opens no bus");
    }

    @Test
    void ads1115_loopWithoutQuantity_unavailable() throws Exception {
        UnavailableDriverException e = assertThrows(UnavailableDriverException.class, () -> factory().create(sensor("""
                  - {code: 88.1001.31/LVL-0003, driver: ads1115, options: {fullScale: "4.096", loop.shuntOhms: 150}}
                """), 0));
        assertTrue(e.getMessage().contains("needs loop.quantity and loop.unit"), e.getMessage());
    }

    @Test
    void ads1115_secondSensorOnOneChip_unavailableNamingTheFirst() throws Exception {
        buses.putI2c(1, 0x48, new FakeChips.Ads1115(1, 0x48, 100));
        List<SensorConfig> two = sensors("""
                  - {code: 88.1001.31/LVL-0003, driver: ads1115, options: {channel: 0}}
                  - {code: 88.1001.31/LVL-0004, driver: ads1115, options: {channel: 1}}
                """);
        DriverFactory f = factory();
        f.create(two.get(0), 0);
        UnavailableDriverException e = assertThrows(UnavailableDriverException.class, () -> f.create(two.get(1), 0));
        assertTrue(e.getMessage().startsWith("sensor 88.1001.31/LVL-0004: driver ads1115 on I2C bus 1 address 0x48")
                && e.getMessage().contains("sensor 88.1001.31/LVL-0003 already reads this ADS1115"), e.getMessage());
    }

    @Test
    void mcp3008_readsConfiguredChannelOnConfiguredChipSelect() throws Exception {
        FakeChips.Mcp3008 chip = new FakeChips.Mcp3008(0, 1, 512);
        buses.spi.put("0.1", chip);
        SensorDriver d = factory().create(sensor("""
                  - {code: 88.1001.31/PRS-0102, driver: mcp3008, chipSelect: 1, options: {channel: 5, vref: 3.3}}
                """), 0);
        assertEquals("voltage 1.6500 V", show(d.read()), "3.3 V * 512 / 1024");
        assertEquals(0x80 | 5 << 4, chip.lastCommand, "single-ended, channel 5");
        assertEquals(List.of("spi 0.1 1000000 Hz mode 0"), buses.requests);
    }

    @Test
    void ds18b20_readsItsRomFromSysfs(@TempDir Path w1) throws Exception {
        Files.createDirectories(w1.resolve("28-0316a2791aff"));
        Files.writeString(w1.resolve("28-0316a2791aff/w1_slave"),
                "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n");
        buses.w1 = w1;
        SensorDriver d = factory().create(sensor("  - {code: 88.1001.31/TMP-0002, driver: ds18b20, rom: 28-0316a2791aff}\n"), 0);
        assertEquals("temperature 23.125 Cel", show(d.read()));
    }

    @Test
    void ds18b20_romNotOnBus_unavailableNamingRom(@TempDir Path w1) throws Exception {
        Files.createDirectories(w1.resolve("28-000000000001"));
        buses.w1 = w1;
        UnavailableDriverException e = assertThrows(UnavailableDriverException.class, () -> factory().create(
                sensor("  - {code: 88.1001.31/TMP-0002, driver: ds18b20, rom: 28-0316a2791aff}\n"), 0));
        assertTrue(e.getMessage().contains("on 1-Wire ROM 28-0316a2791aff") && e.getMessage().contains("28-000000000001"),
                e.getMessage());
    }

    private static final String WATER_METER = """
              - code: 88.1001.31/WTR-0001234
                driver: pulse
                pin: 17
                options: {edge: falling, debounce: 10ms, unitsPerPulse: 0.01, startTotal: 100, quantity: water.volume,
                          unit: m3, decimals: 3, rate.quantity: water.flow, rate.unit: m3/s}
            """;

    @Test
    void pulse_countsDebouncedEdges_andPersistsTotalUnderDataDir() throws Exception {
        FakeBuses.FakeEdgeInput pin = new FakeBuses.FakeEdgeInput(17);
        buses.gpio.put(17, pin);
        SensorDriver d = factory().create(sensor(WATER_METER), 0);
        assertEquals("water.volume 100.000 m3", show(d.read()));
        long t = nanos.get();
        pin.edge(false, t);
        pin.edge(false, t + 2_000_000);     // bounce: within 10 ms
        pin.edge(true, t + 5_000_000);      // rising: not counted
        pin.edge(false, t + 30_000_000);
        advance(Duration.ofSeconds(2));
        assertEquals("water.volume 100.020 m3, water.flow 0.010 m3/s", show(d.read()), "2 pulses of 0.01 m3 over 2 s");
        Path counter = dataDir.resolve("counters/88.1001.31_WTR-0001234.count");
        assertEquals("pulses=2", Files.readString(counter).strip());
        assertEquals(List.of("gpio 17 pull UP"), buses.requests);
    }

    @Test
    void pulse_afterRestart_continuesFromSavedCount() throws Exception {
        FakeBuses.FakeEdgeInput pin = new FakeBuses.FakeEdgeInput(17);
        buses.gpio.put(17, pin);
        Files.createDirectories(dataDir.resolve("counters"));
        Files.writeString(dataDir.resolve("counters/88.1001.31_WTR-0001234.count"), "pulses=500\n");
        SensorDriver d = factory().create(sensor(WATER_METER), 0);
        assertEquals("water.volume 105.000 m3", show(d.read()));
    }

    @Test
    void pulse_edgeBoth_countsRisingAndFalling() throws Exception {
        FakeBuses.FakeEdgeInput pin = new FakeBuses.FakeEdgeInput(22);
        buses.gpio.put(22, pin);
        SensorDriver d = factory().create(sensor("""
                  - {code: 88.1001.31/WTR-0000007, driver: pulse, pin: 22, options: {edge: both, pull: "off"}}
                """), 0);
        pin.edge(false, 0);
        pin.edge(true, 50_000_000);
        pin.edge(false, 100_000_000);
        assertEquals("pulses 3 count", show(d.read()));
        assertEquals(List.of("gpio 22 pull OFF"), buses.requests);
    }

    @Test
    void pms5003_onConfiguredDevice_readsFrameAfterWarmUp() throws Exception {
        buses.serial.put("/dev/ttyAMA0", FakeBuses.bytesOnce("/dev/ttyAMA0", pmsFrame(5, 8, 12)));
        SensorDriver d = factory().create(sensor("  - {code: 88.1001.31/PMS-0007, driver: pms5003, device: /dev/ttyAMA0}\n"), 0);
        advance(Duration.ofSeconds(31));
        assertEquals("pm1 5 ug/m3, pm2.5 8 ug/m3, pm10 12 ug/m3", show(d.read()));
    }

    /** 0x42 0x4D, length 28, 13 words (4..6 atmospheric PM1, PM2.5, PM10), then the byte sum (PMS5003 manual, appendix I). */
    static byte[] pmsFrame(int pm1, int pm25, int pm10) {
        int[] words = {28, pm1, pm25, pm10, pm1, pm25, pm10, 0, 0, 0, 0, 0, 0, 0};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x42);
        out.write(0x4D);
        for (int w : words) {
            out.write(w >> 8);
            out.write(w);
        }
        int sum = 0;
        for (byte b : out.toByteArray()) {
            sum += b & 0xFF;
        }
        out.write(sum >> 8);
        out.write(sum);
        return out.toByteArray();
    }

    @Test
    void shippedExample_everyActiveSensorBuilds_overFakesAtItsWiring(@TempDir Path w1) throws Exception {
        List<SensorConfig> all = ConfigLoader.load(Path.of("src/main/resources/gateway.example.yaml")).activeSensors()
                .stream().filter(SensorConfig::sampled).toList(); // coap push sensors have no driver to poll
        Files.createDirectories(w1.resolve("28-0316a2791aff"));
        buses.w1 = w1;
        buses.putI2c(1, 0x76, FakeChips.bme280(1, 0x76, 0x60));
        buses.putI2c(1, 0x48, new FakeChips.Ads1115(1, 0x48, 14400));
        buses.putI2c(1, 0x49, new FakeChips.Ads1115(1, 0x49, 14400));
        buses.putI2c(1, 0x45, new FakeChips.Sht3x(1, 0x45, 26214, 32768));
        buses.spi.put("0.1", new FakeChips.Mcp3008(0, 1, 512));
        buses.gpio.put(17, new FakeBuses.FakeEdgeInput(17));
        buses.serial.put("/dev/serial0", FakeBuses.bytesOnce("/dev/serial0", pmsFrame(1, 2, 3)));
        DriverFactory f = factory();
        for (SensorConfig s : all) {
            assertEquals(s.driver(), f.create(s, 0).driverName());
        }
        assertEquals(9, all.size());
    }

    @Test
    void simulated_defaultUnit_isARegisteredSenmlUnit() throws Exception {
        SensorDriver d = factory().create(sensor("  - {code: 88.1001.31/SIM-0001, driver: simulated}\n"), 0);
        String unit = d.read().getFirst().unit();
        assertEquals("/", unit);
        assertTrue(SenmlUnits.isRegistered(unit));
        assertEquals(List.of(), buses.requests, "a simulated sensor opens no bus");
    }

    @Test
    void busThatCannotOpen_unavailableNamingSensorDriverAndBus() throws Exception {
        UnavailableDriverException e = assertThrows(UnavailableDriverException.class,
                () -> factory().create(sensor("  - {code: 88.1001.31/HUM-0001, driver: sht3x}\n"), 0));
        assertEquals("sensor 88.1001.31/HUM-0001: driver sht3x on I2C bus 1 address 0x44 cannot be opened: "
                + "fake: nothing wired at i2c 1 68", e.getMessage());
    }
}
