package cn.bsnedge.agent.config;

import cn.bsnedge.agent.config.GatewayConfig.Clock;
import cn.bsnedge.agent.config.SensorConfig.Status;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading valid files: defaults, the shipped example, every wiring kind. */
class ConfigLoaderTest {

    static String example() throws IOException {
        try (InputStream in = ConfigLoaderTest.class.getResourceAsStream("/gateway.example.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void load_shippedExample_isValidAndComplete() throws Exception {
        GatewayConfig c = ConfigLoader.parse("gateway.example.yaml", example());
        assertEquals("88.1001.31/GW-0001", c.gateway().id());
        assertEquals(11, c.sensors().size());
        assertEquals(10, c.activeSensors().size());
        // every driver appears, so the example teaches every wiring
        assertEquals(DriverSpec.names().stream().sorted().toList(),
                c.sensors().stream().map(SensorConfig::driver).distinct().sorted().toList());
        SensorConfig lvl = c.sensors().get(1);
        assertEquals(new Bus.I2c(1, 0x48), lvl.bus());
        assertEquals(new BigDecimal("-0.012"), lvl.calibration().offset());
        assertEquals(LocalDate.of(2025, 3, 14), lvl.calibration().at().orElseThrow());
        assertEquals("4.096", lvl.options().text("fullScale"));
        assertEquals(new Bus.Spi(0, 1), c.sensors().get(3).bus());
        assertEquals(new Bus.Gpio(17), c.sensors().get(4).bus());
        assertEquals(Duration.ofMillis(10), c.sensors().get(4).options().duration("debounce"));
        assertEquals(new Bus.OneWire("28-0316a2791aff"), c.sensors().get(5).bus());
        assertEquals(new Bus.Serial("/dev/serial0"), c.sensors().get(6).bus());
        assertEquals(Status.RETIRED, c.sensors().get(7).status());
        assertEquals(new Bus.None(), c.sensors().get(8).bus());
    }

    @Test
    void load_minimalFile_appliesEveryDefault() throws Exception {
        GatewayConfig c = ConfigLoader.parse("gateway.yaml", """
                gateway:
                  id: 88.1001.31/GW-0001
                sensors:
                  - code: 88.1001.31/TMP-0001
                    driver: bme280
                  - code: 88.1001.31/SIM-0001
                    driver: simulated
                """);
        assertEquals(CryptoSuite.ED25519_SHA256, c.gateway().suite());
        assertEquals(Path.of("/var/lib/bsn-edge"), c.gateway().dataDir());
        assertEquals(new GatewayConfig.Sealing(1000, Duration.ofSeconds(60), 10_000), c.sealing());
        assertEquals(Clock.Source.KERNEL, c.clock().source());
        SensorConfig bme = c.sensors().getFirst();
        assertEquals(new Bus.I2c(1, 0x76), bme.bus(), "bus 1 and the chip's factory address");
        assertEquals(Duration.ofSeconds(1), bme.interval());
        assertEquals(Status.ACTIVE, bme.status());
        assertEquals(SensorConfig.Calibration.NONE, bme.calibration());
        assertTrue(bme.location().isEmpty());
        assertEquals("", bme.engineer());
        SensorConfig.Options sim = c.sensors().get(1).options();
        assertEquals("sine", sim.text("waveform"));
        assertEquals(60, sim.integer("period"));
        assertEquals(BigDecimal.ONE, sim.decimal("amplitude"));
    }

    @Test
    void load_sealing_mapsToGatewayPolicy() throws Exception {
        GatewayConfig c = ConfigLoader.parse("gateway.yaml", """
                gateway: {id: 88.1001.31/GW-0001, suite: sm2-sm3}
                sealing: {maxReadings: 50, maxAge: 5m, queueCapacity: 50}
                clock: {source: none}
                """);
        assertEquals(new cn.bsnedge.agent.Gateway.SealPolicy(50, Duration.ofMinutes(5), 50), c.sealing().policy());
        assertEquals(CryptoSuite.SM2_SM3, c.gateway().suite());
        assertEquals(Clock.Source.NONE, c.clock().source());
        assertEquals(List.of(), c.sensors());
    }

    @Test
    void load_adcChannels_mayShareOneChip() throws Exception {
        GatewayConfig c = ConfigLoader.parse("gateway.yaml", """
                gateway: {id: 88.1001.31/GW-0001}
                sensors:
                  - {code: 88.1001.31/A, driver: mcp3008, options: {channel: 0}}
                  - {code: 88.1001.31/B, driver: mcp3008, options: {channel: 7}}
                """);
        assertEquals(c.sensors().get(0).bus(), c.sensors().get(1).bus());
    }

    @Test
    void load_retiredSensor_freesItsWiring() throws Exception {
        ConfigLoader.parse("gateway.yaml", """
                gateway: {id: 88.1001.31/GW-0001}
                sensors:
                  - {code: 88.1001.31/OLD, driver: pulse, pin: 17, status: retired}
                  - {code: 88.1001.31/NEW, driver: pulse, pin: 17}
                """);
    }

    @Test
    void load_fromDisk_namesTheFileAsGiven(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("gateway.yaml");
        Files.writeString(f, "gateway: {id: 88.1001.31/GW-0001}\nsealing: {maxReadings: 0}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f));
        assertEquals(f + ":2 sealing.maxReadings: 0 is outside 1..100000", e.getMessage());
        GatewayConfig parsed = ConfigLoader.parse("x", example());
        GatewayConfig loaded = ConfigLoader.load(Path.of("src/main/resources/gateway.example.yaml"));
        assertEquals(parsed.sensors(), loaded.sensors());
        assertEquals(List.of(parsed.gateway(), parsed.sealing(), parsed.clock()), List.of(loaded.gateway(), loaded.sealing(), loaded.clock()));
        List<String> lines = example().lines().toList();
        int codeLine = 1 + lines.indexOf(lines.stream().filter(l -> l.contains("code: " + loaded.sensors().getFirst().code().value())).findFirst().orElseThrow());
        assertEquals("src/main/resources/gateway.example.yaml:" + codeLine, loaded.origin(loaded.sensors().getFirst().code()).orElseThrow().toString());
    }

    @Test
    void load_missingFile_saysWhatToDo(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path f = dir.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f));
        assertEquals(f + " no such file; pass --config FILE, or start from gateway.example.yaml (see docs/CONFIG.md)",
                e.getMessage());
    }
}
