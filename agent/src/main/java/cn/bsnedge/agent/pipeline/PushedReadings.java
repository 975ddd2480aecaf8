package cn.bsnedge.agent.pipeline;

import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.entry.SensorCode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where readings that a sensor sends by itself (it is not polled) enter the pipeline: the one
 * call a network transport (the CoAP server, an observe relation) makes, so the pipeline never
 * sees a protocol type. The pipeline gives them seqs, stamps and clock quality by the same rules
 * as sampled readings (docs/TIME.md) and passes them through the registry gate to the batcher.
 *
 * <p>A push is all or nothing as far as the pipeline can make it: every value is checked before
 * any takes a seq, and a push is refused whole when the sealing queue has no room for it. Only
 * when another producer fills the queue between that check and the last value can part of a push
 * be taken; {@link Outcome.Partial} says so. Thread-safe; pushes of one sensor are serialised.
 */
public interface PushedReadings {

    /**
     * Takes {@code values}, measured by {@code sensor}, in order: they get consecutive seqs.
     * Never throws for bad input; the outcome says what happened and why.
     */
    Outcome push(SensorCode sensor, List<Value> values);

    /** When a value was measured, as the sensor stated it. */
    sealed interface When {
        /** {@code ago} before the push arrived (zero: just now); the gateway's clock stamps it. */
        record Relative(Duration offset) implements When {
        }

        /** An absolute time from the sensor's own clock, which the gateway cannot vouch for. */
        record Absolute(Instant at) implements When {
        }
    }

    /** One measured value: what, in which SenML unit, how much, and when. */
    record Value(String quantity, String unit, ReadingValue value, When when) {
    }

    /** Why a push was refused. */
    enum Refusal {
        /** No registration for the code: the registry would never seal its readings. */
        UNKNOWN_SENSOR,
        /** The code is retired; codes are never reused. */
        RETIRED_SENSOR,
        /** Registered, but not as a sensor that pushes (it is read by a driver). */
        NOT_PUSHED,
        /** A value is not a valid reading (quantity, unit, number, time); nothing was taken. */
        INVALID,
        /** The sealing queue is full: retry later. Nothing was taken. */
        BUSY,
        /** The pipeline is shutting down. */
        CLOSED
    }

    /** What became of a push. */
    sealed interface Outcome {
        /** Every value was queued for sealing with seqs {@code firstSeq .. firstSeq + count - 1}. */
        record Accepted(long firstSeq, int count) implements Outcome {
        }

        /** The first {@code count} values were queued (from {@code firstSeq}); the rest were not. */
        record Partial(long firstSeq, int count, int refused, Refusal why) implements Outcome {
        }

        /** Nothing was queued. */
        record Refused(Refusal why, String message) implements Outcome {
        }
    }
}
