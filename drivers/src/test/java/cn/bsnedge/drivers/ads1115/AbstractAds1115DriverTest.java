package cn.bsnedge.drivers.ads1115;

import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.io.I2cDevice;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What must hold for any ADS1115, simulated or real. */
abstract class AbstractAds1115DriverTest {

    static final Ads1115Config AIN0_4V = new Ads1115Config(Ads1115Config.Channel.AIN0,
            Ads1115Config.Gain.FSR_4_096, Ads1115Config.DataRate.SPS_128);

    abstract I2cDevice device();

    abstract InstantSource clock();

    abstract void waitUntil(Instant t) throws InterruptedException;

    @Test
    void read_afterFirstConversion_givesOneVoltageWithinFullScale() throws Exception {
        Ads1115Driver d = new Ads1115Driver(device(), AIN0_4V, clock());
        waitUntil(d.busyUntil());
        List<Measurement> ms = d.read();
        assertEquals(1, ms.size());
        assertEquals("voltage V", ms.getFirst().quantity() + " " + ms.getFirst().unit());
        assertTrue(ms.getFirst().value().abs().compareTo(new BigDecimal("4.096")) < 0);
    }
}
