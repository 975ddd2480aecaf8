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
            String changed = d.active() ? immutableChange(d, s) : null;
            if (changed != null) {
                problems.add("sensor " + d.code() + ": " + changed + "; a registration never changes (docs/IDENTITY.md):"
                        + " put the registered value back, or retire " + d.code() + " and register the sensor under a new code");
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

    /**
     * What the declaration changes of the registration's fixed part (driver, wiring, interval,
     * location), or null. Sampling with values the chain does not record would make the city's
     * record of the sensor untrue, so such a change is refused rather than silently applied.
     */
    private static String immutableChange(SensorDeclaration d, SensorState s) {
        SensorRegistration r = s.registration();
        String registered = " in its registration (seq " + r.seq() + ")";
        if (!d.driver().equals(r.driver())) {
            return "driver is " + d.driver() + " in the configuration, " + r.driver() + registered;
        }
        if (!d.wiring().equals(r.bus())) {
            return "wiring is " + d.wiring() + " in the configuration, " + r.bus() + registered;
        }
        long ms = d.interval().toMillis();
        if (ms != r.intervalMillis()) {
            return "interval is " + interval(ms) + " in the configuration, " + interval(r.intervalMillis()) + registered;
        }
        if (!d.location().equals(r.location()) || !d.description().equals(r.locationDescription())) {
            return "location is " + location(d.location(), d.description()) + " in the configuration, "
                    + location(r.location(), r.locationDescription()) + registered;
        }
        return null;
    }

    private static String interval(long ms) {
        return cn.bsnedge.agent.config.Setting.DurationSetting.format(java.time.Duration.ofMillis(ms));
    }

    private static String location(Optional<cn.bsnedge.ledger.entry.Location> at, String description) {
        return at.map(l -> l.latitude().text() + "," + l.longitude().text()).orElse("none") + " '" + description + "'";
    }

    private static String reason(SensorDeclaration d, String otherwise) {
        return d.note() == null || d.note().isBlank() ? otherwise : d.note();
    }
}
