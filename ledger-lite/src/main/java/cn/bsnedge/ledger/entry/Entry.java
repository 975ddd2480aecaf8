package cn.bsnedge.ledger.entry;

/**
 * A leaf of a micro-block: a reading, or a sensor registration, calibration or retirement.
 * All kinds are sealed into the same blocks, so one proof format covers both what was
 * measured and which sensor, under which calibration, measured it. All kinds share the
 * sensor's seq sequence, so (sensor, seq) names exactly one entry of any kind.
 */
public sealed interface Entry permits Reading, SensorRegistration, SensorCalibration, SensorRetirement {

    /** The FORMAT.md entry-type byte. */
    int type();

    /** The sensor this entry is about; entries of one sensor are ordered by {@link #seq()}. */
    SensorCode sensor();

    long seq();

    Timestamp time();

    /** Whether the gateway clock was synchronised when it stamped {@link #time()}. */
    ClockQuality clock();
}
