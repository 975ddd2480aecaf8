package cn.bsnedge.ledger.entry;

/**
 * A leaf of a micro-block: a reading, a sensor registration, calibration or retirement, or a
 * step of the gateway's clock.
 * All kinds are sealed into the same blocks, so one proof format covers both what was
 * measured and which sensor, under which calibration, measured it. All kinds share the
 * sensor's seq sequence, so (sensor, seq) names exactly one entry of any kind. A clock step
 * carries the gateway's code where the others carry a sensor's, and the gateway's own seq.
 */
public sealed interface Entry permits Reading, SensorRegistration, SensorCalibration, SensorRetirement, ClockStep {

    /** The FORMAT.md entry-type byte. */
    int type();

    /**
     * The sensor this entry is about (for a {@link ClockStep}, the gateway); entries of one code
     * are ordered by {@link #seq()}.
     */
    SensorCode sensor();

    long seq();

    Timestamp time();

    /** Whether the gateway clock was synchronised when it stamped {@link #time()}. */
    ClockQuality clock();
}
