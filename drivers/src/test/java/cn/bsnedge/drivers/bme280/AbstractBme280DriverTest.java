package cn.bsnedge.drivers.bme280;

import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SensorException;
import cn.bsnedge.drivers.io.I2cDevice;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What must hold for any BME280, simulated or real. */
abstract class AbstractBme280DriverTest {

    abstract I2cDevice device();

    abstract InstantSource clock();

    /** Lets time pass until {@code t}: the fake moves its clock, hardware waits. */
    abstract void waitUntil(Instant t) throws InterruptedException;

    @Test
    void poll_afterBusyUntil_givesAllThreeQuantitiesInRange() throws Exception {
        Bme280Driver d = new Bme280Driver(device(), Bme280Config.DEFAULT, clock());
        waitUntil(d.busyUntil());
        Optional<Bme280Reading> r = d.poll();
        assertTrue(r.isPresent(), "a sample is ready after busyUntil");
        assertBetween(r.get().temperature(), -40, 85);
        assertBetween(r.get().pressure(), 30_000, 110_000);
        assertBetween(r.get().humidity(), 0, 100);
    }

    @Test
    void read_givesSenmlUnits() throws Exception {
        Bme280Driver d = new Bme280Driver(device(), Bme280Config.DEFAULT, clock());
        waitUntil(d.busyUntil());
        List<Measurement> ms = d.read();
        assertEquals(List.of("temperature Cel", "pressure Pa", "humidity %RH"),
                ms.stream().map(m -> m.quantity() + " " + m.unit()).toList());
    }

    @Test
    void poll_beforeBusyUntil_isEmptyNotAnError() throws SensorException {
        Bme280Driver d = new Bme280Driver(device(), Bme280Config.DEFAULT, clock());
        if (clock().instant().isBefore(d.busyUntil())) {
            assertTrue(d.poll().isEmpty());
            assertTrue(d.read().isEmpty());
        }
    }

    static void assertBetween(BigDecimal v, int lo, int hi) {
        assertTrue(v.compareTo(BigDecimal.valueOf(lo)) >= 0 && v.compareTo(BigDecimal.valueOf(hi)) <= 0,
                () -> v + " not in " + lo + ".." + hi);
    }
}
