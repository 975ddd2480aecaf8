package cn.bsnedge.agent.cli;

import cn.bsnedge.agent.pipeline.SensorSlot;
import cn.bsnedge.drivers.sim.SimulatedDriver;
import cn.bsnedge.drivers.sim.SimulatedDriver.Spec;
import cn.bsnedge.drivers.sim.SimulatedDriver.Waveform;
import cn.bsnedge.ledger.entry.SensorCode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The demo's simulated city sensors: one of each kind a utility wires to a gateway. */
final class DemoSensors {

    static final String PREFIX = "88.1001.31/";

    private DemoSensors() {
    }

    /**
     * @param committed how many readings each sensor already has in the chain (its last seq), so
     *                  a rerun resumes each simulated series where it stopped: meters never go back
     */
    static List<SensorSlot> all(Duration interval, java.util.function.ToLongFunction<SensorCode> committed) {
        return Stream.of(
                slot("TMP-0001", new Spec("temperature", "Cel", Waveform.SINE, 18.5, 4.0, 600, 2, 1, 0)),
                slot("HUM-0001", new Spec("humidity", "%RH", Waveform.SINE, 55, 15, 900, 1, 2, 0)),
                slot("PRS-0001", new Spec("pressure", "Pa", Waveform.SINE, 101325, 250, 1200, 0, 3, 0)),
                slot("WTR-0001234", new Spec("water.volume", "m3", Waveform.COUNTER, 1523.125, 0.004, 1, 3, 4, 0)),
                slot("ELE-0000042", new Spec("energy", "kWh", Waveform.COUNTER, 88231.5, 0.02, 1, 2, 5, 0)),
                slot("PMS-0007", new Spec("pm2.5", "ug/m3", Waveform.SINE, 35, 20, 300, 0, 6, 0)),
                slot("LVL-0003", new Spec("water.level", "m", Waveform.SINE, 2.40, 0.35, 1800, 3, 7, 0)),
                // Fails every 25th read, so the demo shows failed reads yield no reading.
                slot("GAS-0100", new Spec("gas.volume", "m3", Waveform.COUNTER, 310.02, 0.001, 1, 3, 8, 25)))
                .map(e -> new SensorSlot(e.getKey(), new SimulatedDriver(e.getValue(), committed.applyAsLong(e.getKey())), interval))
                .toList();
    }

    /** The demo's sensors as registry declarations: simulated, unwired, registered by "demo". */
    static List<cn.bsnedge.agent.registry.SensorDeclaration> declarations(List<SensorSlot> slots) {
        return slots.stream().map(s -> new cn.bsnedge.agent.registry.SensorDeclaration(s.code(), "simulated", "none",
                s.interval(), java.util.Optional.empty(), "bsn-edge demo", cn.bsnedge.ledger.entry.Calibration.IDENTITY,
                "demo", true, "")).toList();
    }

    private static Map.Entry<SensorCode, Spec> slot(String suffix, Spec spec) {
        return Map.entry(SensorCode.of(PREFIX + suffix), spec);
    }
}
