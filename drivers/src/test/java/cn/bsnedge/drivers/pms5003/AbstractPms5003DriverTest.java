package cn.bsnedge.drivers.pms5003;

import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.io.ByteStream;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What must hold for any PMS5003, simulated or real. */
abstract class AbstractPms5003DriverTest {

    abstract ByteStream stream();

    abstract InstantSource clock();

    /** Lets time pass until {@code t} and at least one more frame arrive. */
    abstract void waitUntil(Instant t) throws InterruptedException;

    @Test
    void read_afterWarmUp_givesPm1Pm25Pm10InUgPerM3() throws Exception {
        Pms5003Driver d = new Pms5003Driver(stream(), clock());
        waitUntil(d.busyUntil());
        List<Measurement> ms = d.read();
        assertEquals(List.of("pm1 ug/m3", "pm2.5 ug/m3", "pm10 ug/m3"), ms.stream().map(m -> m.quantity() + " " + m.unit()).toList());
    }
}
