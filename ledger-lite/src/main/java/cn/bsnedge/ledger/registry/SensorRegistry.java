package cn.bsnedge.ledger.registry;

import cn.bsnedge.ledger.entry.Calibration;
import cn.bsnedge.ledger.entry.ClockStep;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.SensorCalibration;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.SensorRegistration;
import cn.bsnedge.ledger.entry.SensorRetirement;
import cn.bsnedge.ledger.registry.RegistryException.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry rules of FORMAT.md §2.8 as a state machine over entries in chain order: each
 * sensor goes unknown → active → retired, its seq strictly increases over all entry types,
 * and each registration or calibration sets the calibration for the readings after it. Clock
 * steps (FORMAT.md §2.9) carry the gateway's code, which no sensor may share, and their own
 * strictly increasing seq.
 *
 * <p>Pure: no clock, no I/O, no threads. A verifier folds a whole chain with {@link #fold};
 * the agent keeps one instance and calls {@link #check} before it seals an entry and
 * {@link #accept} once the entry's block is committed. Not thread-safe: one owner.
 */
public final class SensorRegistry {

    private final Map<SensorCode, SensorState> states = new HashMap<>();
    /** Per sensor: seq of a registration or calibration → the calibration it set. Only grows on recalibration. */
    private final Map<SensorCode, NavigableMap<Long, Calibration>> calibrations = new HashMap<>();
    /** Per gateway code: the seq of its latest clock step. */
    private final Map<SensorCode, Long> clockSteps = new HashMap<>();

    /** The registry after {@code entries}, in chain order; fails at the first entry the rules refuse. */
    public static SensorRegistry fold(Iterable<? extends Entry> entries) throws RegistryException {
        SensorRegistry r = new SensorRegistry();
        for (Entry e : entries) {
            r.accept(e);
        }
        return r;
    }

    /** Throws when {@code e} may not come next; changes nothing. */
    public void check(Entry e) throws RegistryException {
        SensorState s = states.get(e.sensor());
        if (e instanceof ClockStep) {
            checkClockStep(e, s);
            return;
        }
        if (e instanceof SensorRegistration) {
            if (clockSteps.containsKey(e.sensor())) {
                throw refuse(Problem.GATEWAY_CODE, e, "the code is the gateway's: its clock steps carry it (the latest at seq "
                        + clockSteps.get(e.sensor()) + "); a sensor needs a code of its own");
            }
            if (s != null && s.retirement().isPresent()) {
                throw refuse(Problem.RETIRED_SENSOR, e, "the code was retired at seq " + s.retirement().get().seq()
                        + " and codes are never reused; register the replacement under a new code");
            }
            if (s != null) {
                throw refuse(Problem.ALREADY_REGISTERED, e, "already registered at seq " + s.registration().seq()
                        + "; change it with a calibration, or retire it and register a new code");
            }
            return;
        }
        if (s == null) {
            throw refuse(Problem.UNKNOWN_SENSOR, e, "the sensor is not registered; want its registration first");
        }
        if (s.retirement().isPresent()) {
            throw refuse(Problem.RETIRED_SENSOR, e, "the sensor was retired at seq " + s.retirement().get().seq());
        }
        if (e.seq() <= s.lastSeq()) {
            throw refuse(Problem.SEQ_NOT_INCREASING, e, "got seq " + e.seq() + ", want > " + s.lastSeq());
        }
    }

    private void checkClockStep(Entry e, SensorState s) throws RegistryException {
        if (s != null) {
            throw refuse(Problem.GATEWAY_CODE, e, "the code is a sensor's, registered at seq " + s.registration().seq()
                    + "; a clock step carries the gateway's code");
        }
        Long last = clockSteps.get(e.sensor());
        if (last != null && e.seq() <= last) {
            throw refuse(Problem.SEQ_NOT_INCREASING, e, "got clock-step seq " + e.seq() + ", want > " + last);
        }
    }

    /** Checks {@code e} and, when allowed, applies it. */
    public void accept(Entry e) throws RegistryException {
        check(e);
        SensorState s = states.get(e.sensor());
        switch (e) {
            case SensorRegistration r -> {
                states.put(r.sensor(), new SensorState(r, r.seq(), r.calibration(), r.seq(), Optional.empty()));
                NavigableMap<Long, Calibration> history = new TreeMap<>();
                history.put(r.seq(), r.calibration());
                calibrations.put(r.sensor(), history);
            }
            case SensorCalibration c -> {
                states.put(c.sensor(), new SensorState(s.registration(), c.seq(), c.calibration(), c.seq(), Optional.empty()));
                calibrations.get(c.sensor()).put(c.seq(), c.calibration());
            }
            case Reading r -> states.put(r.sensor(),
                    new SensorState(s.registration(), r.seq(), s.calibration(), s.calibrationSeq(), Optional.empty()));
            case SensorRetirement r -> states.put(r.sensor(),
                    new SensorState(s.registration(), r.seq(), s.calibration(), s.calibrationSeq(), Optional.of(r)));
            case ClockStep c -> clockSteps.put(c.gateway(), c.seq());
        }
    }

    /** The seq of the latest clock step under {@code gateway}'s code; empty before the first. */
    public Optional<Long> lastClockStep(SensorCode gateway) {
        return Optional.ofNullable(clockSteps.get(gateway));
    }

    public Optional<SensorState> state(SensorCode sensor) {
        return Optional.ofNullable(states.get(sensor));
    }

    /** Every sensor ever registered, active and retired, in code order. */
    public List<SensorState> sensors() {
        List<SensorState> all = new ArrayList<>(states.values());
        all.sort((a, b) -> a.registration().sensor().compareTo(b.registration().sensor()));
        return all;
    }

    /**
     * The calibration in force for a reading of {@code sensor} at {@code seq}: the one set by
     * the latest registration or calibration with a smaller seq. Empty when the sensor is not
     * registered, when {@code seq} is not after its registration, or when it is after the
     * sensor's retirement (no reading can be there).
     */
    public Optional<Calibration> calibrationAt(SensorCode sensor, long seq) {
        SensorState s = states.get(sensor);
        if (s == null || (s.retirement().isPresent() && seq > s.retirement().get().seq())) {
            return Optional.empty();
        }
        Map.Entry<Long, Calibration> e = calibrations.get(sensor).lowerEntry(seq);
        return e == null ? Optional.empty() : Optional.of(e.getValue());
    }

    private static RegistryException refuse(Problem p, Entry e, String detail) {
        return new RegistryException(p, e.sensor(), e.seq(), e.type(), detail);
    }
}
