package cn.bsnedge.drivers.ds18b20;

import cn.bsnedge.drivers.BusException;
import cn.bsnedge.drivers.ChecksumException;
import cn.bsnedge.drivers.ChipNotFoundException;
import cn.bsnedge.drivers.ImplausibleValueException;
import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.io.OneWireBus;
import cn.bsnedge.drivers.io.SysfsOneWireBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against a fake sysfs tree in a temp directory, laid out as the kernel lays out /sys/bus/w1/devices. */
class FakeDs18b20DriverTest extends AbstractDs18b20DriverTest {

    static final String A = "28-0316a2795cff";
    static final String B = "28-0416b3a1c2ff";

    // Scratchpad 0x0172 = 370 / 16 = 23.125 °C; the kernel prints t=23125 (w1_therm, DS18B20 12-bit).
    static final String OK_23_125 = """
            72 01 4b 46 7f ff 0e 10 57 : crc=57 YES
            72 01 4b 46 7f ff 0e 10 57 t=23125
            """;

    @TempDir
    Path sys;

    @BeforeEach
    void tree() throws IOException {
        Files.createDirectories(sys.resolve("w1_bus_master1"));
        slave(A, OK_23_125);
        slave(B, """
                91 ff 4b 46 7f ff 0f 10 0e : crc=0e YES
                91 ff 4b 46 7f ff 0f 10 0e t=-6937
                """);   // 0xFF91 = -111 / 16 = -6.9375 °C, kernel truncates to -6937
        Files.createDirectories(sys.resolve("00-400000000000"));   // a ghost slave the kernel sometimes lists
    }

    private void slave(String id, String text) throws IOException {
        Files.createDirectories(sys.resolve(id));
        Files.writeString(sys.resolve(id).resolve("w1_slave"), text);
    }

    @Override
    OneWireBus bus() {
        return new SysfsOneWireBus(sys);
    }

    @Test
    void discover_listsOnlyDs18b20sSortedByRomId() throws Exception {
        assertEquals(List.of(A, B), Ds18b20Driver.discover(bus()));
    }

    @Test
    void read_twoSensorsOnOneBus_eachByRomId() throws Exception {
        assertEquals(List.of(new Measurement("temperature", "Cel", new BigDecimal("23.125"))), new Ds18b20Driver(bus(), A).read());
        assertEquals(new BigDecimal("-6.937"), new Ds18b20Driver(bus(), B).read().getFirst().value());
    }

    @Test
    void read_kernelCrcNo_isChecksumError() throws Exception {
        Ds18b20Driver d = new Ds18b20Driver(bus(), A);
        slave(A, """
                72 01 4b 46 7f ff 0e 10 58 : crc=57 NO
                72 01 4b 46 7f ff 0e 10 58 t=23125
                """);
        ChecksumException e = assertThrows(ChecksumException.class, d::read);
        assertTrue(e.getMessage().startsWith("w1 28-0316a2795cff: scratchpad"), e.getMessage());
    }

    @Test
    void read_powerOn85Celsius_isImplausible() throws Exception {
        Ds18b20Driver d = new Ds18b20Driver(bus(), A);
        slave(A, """
                50 05 4b 46 7f ff 0c 10 1c : crc=1c YES
                50 05 4b 46 7f ff 0c 10 1c t=85000
                """);
        ImplausibleValueException e = assertThrows(ImplausibleValueException.class, d::read);
        assertTrue(e.getMessage().contains("power-on value"), e.getMessage());
    }

    @Test
    void read_allZeroScratchpadThatPassesCrc_isImplausible() throws Exception {
        Ds18b20Driver d = new Ds18b20Driver(bus(), A);
        slave(A, """
                00 00 00 00 00 00 00 00 00 : crc=00 YES
                00 00 00 00 00 00 00 00 00 t=0
                """);
        assertThrows(ImplausibleValueException.class, d::read);
    }

    @Test
    void read_outsideSensorRange_isImplausible() throws Exception {
        Ds18b20Driver d = new Ds18b20Driver(bus(), A);
        slave(A, """
                ff 07 4b 46 7f ff 01 10 6c : crc=6c YES
                ff 07 4b 46 7f ff 01 10 6c t=127937
                """);
        assertThrows(ImplausibleValueException.class, d::read);
    }

    @Test
    void read_truncatedFile_isBusError() throws Exception {
        Ds18b20Driver d = new Ds18b20Driver(bus(), A);
        slave(A, "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n");
        assertThrows(BusException.class, d::read);
    }

    @Test
    void read_sensorUnpluggedMidRun_isChipNotFound() throws Exception {
        Ds18b20Driver d = new Ds18b20Driver(bus(), A);
        Files.delete(sys.resolve(A).resolve("w1_slave"));
        assertThrows(ChipNotFoundException.class, d::read);
    }

    @Test
    void constructor_romIdNotOnBus_isChipNotFoundListingWhatIs() {
        ChipNotFoundException e = assertThrows(ChipNotFoundException.class, () -> new Ds18b20Driver(bus(), "28-000000000001"));
        assertEquals("w1 28-000000000001: not on the bus; DS18B20s present: [" + A + ", " + B + "]", e.getMessage());
    }

    @Test
    void constructor_otherFamily_isChipNotFoundNamingIt() {
        ChipNotFoundException e = assertThrows(ChipNotFoundException.class, () -> new Ds18b20Driver(bus(), "10-000802b5f1a3"));
        assertEquals("w1 10-000802b5f1a3: family 10, want 28 (DS18B20)", e.getMessage());
    }

    @Test
    void discover_noBusDirectory_isBusException() {
        assertThrows(BusException.class, () -> Ds18b20Driver.discover(new SysfsOneWireBus(sys.resolve("missing"))));
    }
}
