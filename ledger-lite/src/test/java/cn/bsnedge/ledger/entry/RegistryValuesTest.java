package cn.bsnedge.ledger.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.bsnedge.ledger.Fixtures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The value rules of registry entries, enforced when they are made (and again when decoded). */
class RegistryValuesTest {

    static final List<String> VALID_WIRING = List.of("none", "i2c:1:0x76", "i2c:0:0x03", "i2c:31:0x7f", "i2c:1:0x48:ch3",
            "spi:0:1", "spi:10:0:ch7", "gpio:17", "gpio:0", "serial:/dev/ttyAMA0", "serial:/dev/serial/by-id/usb-FTDI_A1.2",
            "w1:28-0316a2791aff", "coap://[fd00::7]:5683/sensors/t1", "coaps://meter-7.lan/v", "modbus:rtu:/dev/ttyUSB0:17");

    static final List<String> INVALID_WIRING = List.of("", "NONE", "i2c:1:0x076", "i2c:1:76", "i2c:01:0x76", "i2c:1:0x80",
            "i2c:1:0X76", "i2c:1:0x4A", "i2c:1:0x48:ch", "spi:0", "spi:0:01", "gpio:017", "gpio:", "gpio:17 ",
            "serial:ttyAMA0", "serial:/dev/", "serial:/dev/../etc/passwd", "w1:28-0316A2791AFF", "w1:280316a2791aff",
            "coap:sensor", "i2c", "x:y", "Kind:x", "modbus:", "a".repeat(256));

    @Test
    void wiring_canonicalForms_areAccepted() {
        List<String> wrong = new ArrayList<>();
        VALID_WIRING.forEach(w -> {
            if (Wiring.problem(w) != null) {
                wrong.add(w + ": " + Wiring.problem(w));
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void wiring_nonCanonicalSpellings_areRejected() {
        List<String> accepted = INVALID_WIRING.stream().filter(w -> Wiring.problem(w) == null).toList();
        assertEquals(List.of(), accepted);
        assertTrue(Wiring.problem("i2c:1:0X76").contains("lower-case hex"));
    }

    private static SensorRegistration registration(String driver, String bus, int interval, String description, String engineer) {
        SensorRegistration r = Fixtures.registration();
        return new SensorRegistration(r.sensor(), r.seq(), r.time(), r.clock(), driver, bus, interval, r.location(),
                description, r.calibration(), engineer);
    }

    private static String rejection(Runnable make) {
        return assertThrows(IllegalArgumentException.class, make::run).getMessage();
    }

    @Test
    void registration_badFields_areRejectedWithTheFieldName() {
        assertTrue(rejection(() -> registration("BME280", "none", 1, "", "e")).startsWith("driver 'BME280'"));
        assertTrue(rejection(() -> registration("d".repeat(33), "none", 1, "", "e")).startsWith("driver"));
        assertTrue(rejection(() -> registration("bme280", "i2c:1:76", 1, "", "e")).startsWith("bus 'i2c:1:76'"));
        assertTrue(rejection(() -> registration("bme280", "none", 0, "", "e")).startsWith("intervalMillis 0"));
        assertTrue(rejection(() -> registration("bme280", "none", 1, "line\nbreak", "e")).startsWith("locationDescription has control"));
        assertTrue(rejection(() -> registration("bme280", "none", 1, "x".repeat(1025), "e")).contains("1025 UTF-8 bytes"));
        assertTrue(rejection(() -> registration("bme280", "none", 1, "", "")).startsWith("engineer is 0 UTF-8 bytes"));
        assertNotNull(registration("bme280", "none", 1, "路".repeat(341), "e"));
    }

    @Test
    void location_outsideWgs84Ranges_isRejected_boundariesAccepted() {
        assertNotNull(Location.parse("90", "-180"));
        assertNotNull(Location.parse("-90.0000", "180.0"));
        assertTrue(rejection(() -> Location.parse("90.0001", "0")).startsWith("latitude 90.0001"));
        assertTrue(rejection(() -> Location.parse("0", "-180.5")).startsWith("longitude -180.5"));
        assertTrue(rejection(() -> new Location(new ReadingValue.Decimal(1, -2), new ReadingValue.Decimal(0, 0))).contains("100"));
    }

    @Test
    void calibration_zeroScaleOrTimeBefore1970_isRejected() {
        ReadingValue.Decimal zero = new ReadingValue.Decimal(0, 3);
        ReadingValue.Decimal one = new ReadingValue.Decimal(1, 0);
        assertTrue(rejection(() -> new Calibration(zero, zero, "", -1)).contains("scale is zero"));
        assertTrue(rejection(() -> new Calibration(zero, one, "", -2)).contains("calibratedAt -2"));
        assertTrue(rejection(() -> new Calibration(zero, one, "a\tb", -1)).startsWith("calibratedBy has control"));
        assertNotNull(new Calibration(zero, one, "", Calibration.UNKNOWN_TIME));
    }

    @Test
    void calibration_apply_isRawTimesScalePlusOffset_exactly() {
        Calibration c = Fixtures.recalibration().calibration(); // scale 0.998, offset -0.25
        assertEquals(new BigDecimal("19.710"), c.apply(new BigDecimal("20")).setScale(3));
        assertEquals(0, new BigDecimal("17.9136").compareTo(c.apply(new BigDecimal("18.2"))));
        assertEquals(new BigDecimal("21.40"), Calibration.IDENTITY.apply(new BigDecimal("21.40")).setScale(2));
    }

    @Test
    void calibrationAndRetirement_textRules() {
        SensorCalibration c = Fixtures.recalibration();
        assertNotNull(new SensorCalibration(c.sensor(), c.seq(), c.time(), c.clock(), c.calibration(), c.engineer(), ""));
        assertTrue(rejection(() -> new SensorCalibration(c.sensor(), -1, c.time(), c.clock(), c.calibration(), "e", ""))
                .startsWith("seq -1"));
        SensorRetirement r = Fixtures.retirement();
        assertTrue(rejection(() -> new SensorRetirement(r.sensor(), r.seq(), r.time(), r.clock(), r.engineer(), ""))
                .startsWith("reason is 0 UTF-8 bytes"));
        assertTrue(rejection(() -> new SensorRetirement(r.sensor(), r.seq(), r.time(), r.clock(), "e\u0301", "x"))
                .contains("NFC"));
        assertEquals(Optional.empty(), new SensorRegistration(r.sensor(), 1, r.time(), r.clock(), "simulated", "none", 1,
                Optional.empty(), "", Calibration.IDENTITY, "e").location());
    }

    @Test
    void typeBytes_areTheFormatMdValues() {
        assertEquals(0x02, Fixtures.registration().type());
        assertEquals(0x03, Fixtures.recalibration().type());
        assertEquals(0x04, Fixtures.retirement().type());
        assertNull(Wiring.problem("none"));
    }
}
