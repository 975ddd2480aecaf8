package cn.bsnedge.ledger.registry;

import cn.bsnedge.ledger.entry.Calibration;
import cn.bsnedge.ledger.entry.SensorRegistration;
import cn.bsnedge.ledger.entry.SensorRetirement;
import java.util.Optional;

/**
 * What the chain says about one registered sensor after the entries folded so far.
 *
 * @param registration   the registration entry (driver, wiring, location, engineer)
 * @param lastSeq        the sensor's highest seq so far, over all entry types
 * @param calibration    the calibration in force for the sensor's next reading
 * @param calibrationSeq the seq of the entry that set {@code calibration}
 * @param retirement     the retirement entry, once retired
 */
public record SensorState(SensorRegistration registration, long lastSeq, Calibration calibration, long calibrationSeq,
                          Optional<SensorRetirement> retirement) {

    public enum Status { ACTIVE, RETIRED }

    public Status status() {
        return retirement.isPresent() ? Status.RETIRED : Status.ACTIVE;
    }
}
