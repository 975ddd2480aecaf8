package cn.bsnedge.drivers.sht3x;

import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.io.I2cDevice;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What must hold for any SHT3x, simulated or real. */
abstract class AbstractSht3xDriverTest {

    abstract I2cDevice device();

    abstract InstantSource clock();

    abstract void waitUntil(Instant t) throws InterruptedException;

    @Test
    void startThenPoll_afterBusyUntil_givesTemperatureAndHumidityInRange() throws Exception {
        Sht3xDriver d = new Sht3xDriver(device(), clock());
        waitUntil(d.start());
        Sht3xReading r = d.poll().orElseThrow();
        assertTrue(r.temperature().compareTo(BigDecimal.valueOf(-40)) >= 0 && r.temperature().compareTo(BigDecimal.valueOf(125)) <= 0);
        assertTrue(r.humidity().signum() >= 0 && r.humidity().compareTo(BigDecimal.valueOf(100)) <= 0);
    }

    @Test
    void read_firstCallStartsConversion_secondReturnsItInSenmlUnits() throws Exception {
        Sht3xDriver d = new Sht3xDriver(device(), clock());
        assertEquals(List.of(), d.read());
        waitUntil(d.busyUntil());
        assertEquals(List.of("temperature Cel", "humidity %RH"),
                d.read().stream().map((Measurement m) -> m.quantity() + " " + m.unit()).toList());
    }
}
