package cn.bsnedge.agent.systemd;

import java.util.List;
import java.util.OptionalLong;

/**
 * The running pipeline's vital counters at one moment, as {@link PipelineProbe} reads them.
 *
 * @param samplerLagNanos how long the sampler's next deadline (or read timeout) has been due
 *                        without the sampler acting on it; 0 when it is on time or has nothing due
 * @param readingsTaken   readings the sampler handed on since start (refused ones not counted)
 * @param blocksCommitted blocks committed since start
 * @param height          the store's height, as the store answers it
 * @param sensors         sensors being sampled
 * @param failingSensors  codes of sampled sensors whose last read failed
 * @param droppedReadings readings refused because the queue was full, since start
 * @param anchorBacklog   blocks sealed but not yet anchored with the city; empty until anchoring exists
 */
public record PipelineSnapshot(long samplerLagNanos, long readingsTaken, long blocksCommitted, long height,
                               int sensors, List<String> failingSensors, long droppedReadings,
                               OptionalLong anchorBacklog) {

    public PipelineSnapshot {
        failingSensors = List.copyOf(failingSensors);
    }
}
