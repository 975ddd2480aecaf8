package cn.bsnedge.ledger.registry;

import cn.bsnedge.ledger.entry.EntryCodec;
import cn.bsnedge.ledger.entry.SensorCode;

/**
 * An entry that the registry rules (FORMAT.md §2.8) do not allow at this point of the chain.
 * Checked, so that a verifier or the agent cannot forget that an entry may be refused.
 */
public final class RegistryException extends Exception {

    /** Which rule the entry broke. */
    public enum Problem {
        /** A reading, calibration or retirement of a sensor that was never registered. */
        UNKNOWN_SENSOR,
        /** Any entry of a sensor after its retirement, including a re-registration. */
        RETIRED_SENSOR,
        /** A registration of a sensor that is already active. */
        ALREADY_REGISTERED,
        /** A seq not greater than the sensor's (or the gateway's clock steps') previous one. */
        SEQ_NOT_INCREASING,
        /**
         * One code used both for a sensor and for the gateway's clock steps: a clock step under a
         * registered sensor's code, or a registration under the code clock steps already carry.
         */
        GATEWAY_CODE
    }

    private final Problem problem;
    private final SensorCode sensor;
    private final long seq;
    private final int entryType;

    RegistryException(Problem problem, SensorCode sensor, long seq, int entryType, String detail) {
        super(sensor + " seq " + seq + " (" + EntryCodec.typeName(entryType) + "): " + detail);
        this.problem = problem;
        this.sensor = sensor;
        this.seq = seq;
        this.entryType = entryType;
    }

    public Problem problem() {
        return problem;
    }

    public SensorCode sensor() {
        return sensor;
    }

    public long seq() {
        return seq;
    }

    /** The FORMAT.md type byte of the refused entry. */
    public int entryType() {
        return entryType;
    }
}
