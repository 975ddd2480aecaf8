package cn.bsnedge.agent.systemd;

/**
 * Reads the pipeline's counters for the {@link Heartbeat}. A probe may block when a part of the
 * pipeline does (a store stuck in I/O): the heartbeat then sends nothing, which is what a
 * watchdog wants. Failing to read throws; the heartbeat treats that as no progress.
 */
@FunctionalInterface
public interface PipelineProbe {

    PipelineSnapshot snapshot();
}
