package cn.bsnedge.agent.registry;

import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.SensorCalibration;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.SensorRegistration;
import cn.bsnedge.ledger.entry.SensorRetirement;
import cn.bsnedge.ledger.entry.Timestamp;
import cn.bsnedge.ledger.registry.SensorRegistry;
import cn.bsnedge.ledger.registry.SensorState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Turns the difference between what the engineer declared and what the chain's registry says
 * into the ledger entries that close it: a registration for a new sensor, a calibration when
 * the declared calibration changed, a retirement when a sensor is declared retired. Entries take
 * the sensor's next seq, so they sit in the same sequence as its readings.
 */
public final class Registrar {

    /** A declaration the chain cannot follow (e.g. reviving a retired code). */
    public static final class DeclarationException extends Exception {
        public DeclarationException(String message) {
            super(message);
        }
    }

    private Registrar() {
    }

    /**
     * @param lastSeq the sensor's highest seq in the chain (0 when none), from the store
     * @return entries in the order they must be sealed
     */
    public static List<Entry> reconcile(List<SensorDeclaration> declared, SensorRegistry registry, ToLongFunction<SensorCode> lastSeq,
                                        Timestamp now, ClockQuality clock) throws DeclarationException {
        List<Entry> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (SensorDeclaration d : declared) {
            Optional<SensorState> state = registry.state(d.code());
            long seq = Math.max(lastSeq.applyAsLong(d.code()), state.map(SensorState::lastSeq).orElse(0L)) + 1;
            if (state.isEmpty()) {
                if (d.active()) {
                    out.add(new SensorRegistration(d.code(), seq, now, clock, d.driver(), d.wiring(),
                            (int) Math.min(Integer.MAX_VALUE, d.interval().toMillis()), d.location(), d.description(),
                            d.calibration(), d.engineer()));
                }
                continue;
            }
            SensorState s = state.get();
            if (s.status() == SensorState.Status.RETIRED) {
                if (d.active()) {
                    problems.add("sensor " + d.code() + " was retired at seq " + s.retirement().orElseThrow().seq()
                            + " and codes are never reused (docs/IDENTITY.md): give the replacement a new code, or mark it retired");
                }
                continue;
            }
            if (!d.active()) {
                out.add(new SensorRetirement(d.code(), seq, now, clock, d.engineer(), reason(d, "retired in the gateway configuration")));
            } else if (!s.calibration().equals(d.calibration())) {
                out.add(new SensorCalibration(d.code(), seq, now, clock, d.calibration(), d.engineer(),
                        reason(d, "calibration changed in the gateway configuration")));
            }
        }
        if (!problems.isEmpty()) {
            throw new DeclarationException(String.join("\n", problems));
        }
        return out;
    }

    private static String reason(SensorDeclaration d, String otherwise) {
        return d.note() == null || d.note().isBlank() ? otherwise : d.note();
    }
}
