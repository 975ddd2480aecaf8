package cn.bsnedge.ledger.entry;

/**
 * A leaf of a micro-block. Readings are the first kind; sensor registration, calibration and
 * retirement records will be further kinds sealed into the same blocks, so one proof format
 * covers both what was measured and which sensor, under which calibration, measured it.
 */
public sealed interface Entry permits Reading {

    /** The FORMAT.md entry-type byte. */
    int type();

    /** The sensor this entry is about; entries of one sensor are ordered by {@link #seq()}. */
    SensorCode sensor();

    long seq();

    Timestamp time();
}
