package cn.bsnedge.drivers.pulse;

import cn.bsnedge.drivers.io.EdgeInput;
import cn.bsnedge.drivers.io.pi4j.Pi4jBuses;
import cn.bsnedge.drivers.testing.HardwareBus;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.PullResistance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

import java.nio.file.Files;
import java.nio.file.Path;

/** Shared tests on a real GPIO (-Dbsn.pulse.bcm=17, pull-up); aborts without a gpiochip. */
@Tag("hardware")
class HardwarePulseMeterDriverTest extends AbstractPulseMeterDriverTest {

    private Context pi4j;
    private EdgeInput in;

    @BeforeEach
    void open() {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/gpiochip0")), "no /dev/gpiochip0: no GPIO here");
        try {
            pi4j = Pi4jBuses.newAutoContext();
            in = new Pi4jBuses(pi4j, System::nanoTime).edgeInput(HardwareBus.intProperty("bsn.pulse.bcm", 17), PullResistance.PULL_UP);
        } catch (RuntimeException | LinkageError e) {
            Assumptions.abort("no Pi4J GPIO: " + e);
        }
    }

    @AfterEach
    void close() {
        if (pi4j != null) {
            pi4j.shutdown();
        }
    }

    @Override
    EdgeInput input() {
        return in;
    }
}
