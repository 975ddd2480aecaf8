package cn.bsnedge.agent.pipeline;

import cn.bsnedge.ledger.entry.SensorCode;

import java.time.Instant;
import java.util.Optional;

/**
 * One sensor's sampling health at one moment, for {@code bsn-edge status} and logs. Times are
 * the gateway's wall clock, with the same caveats as reading timestamps (docs/TIME.md).
 *
 * @param readsOk             reads that returned measurements
 * @param failures            reads that produced no reading: the driver threw, returned an
 *                            invalid measurement, or did not return within the read timeout
 * @param timeouts            of those failures, reads still running at their timeout
 * @param skippedDeadlines    deadlines with no read started: the previous read was still running,
 *                            the sampler woke too late for them, or no reader thread was free
 * @param consecutiveFailures failures since the last successful read
 * @param refusedReadings     readings the batcher refused (queue full); each is also counted as
 *                            a drop by the batcher, and its seq was given to the next reading
 * @param lastSuccess         when the last successful read started
 * @param lastFailure         the last failure's message and time
 * @param readInProgress      a read is running now (possibly past its timeout)
 * @param nextSeq             the seq the sensor's next reading will get
 */
public record SensorHealth(SensorCode sensor, long readsOk, long failures, long timeouts, long skippedDeadlines,
                           long consecutiveFailures, long refusedReadings, Optional<Instant> lastSuccess,
                           Optional<Failure> lastFailure, boolean readInProgress, long nextSeq) {

    /** What went wrong, and when. */
    public record Failure(String message, Instant at) {
    }
}
