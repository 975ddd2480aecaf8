package cn.bsnedge.agent.status;

import java.util.List;

/**
 * What {@code bsn-edge status} shows: written by the running agent to {@code DATA/run/status.json}
 * every few seconds (the agent holds the store lock, so other processes cannot open the store).
 *
 * @param writtenAt        when the agent wrote this, ISO 8601 UTC
 * @param pid              the agent's process id
 * @param height           committed blocks (next height)
 * @param headHash         hash of the last block, hex; empty when there is none
 * @param readingsPerMinute durable readings over the last minute
 * @param blocksPerMinute  committed blocks over the last minute
 * @param droppedReadings  readings refused because the queue was full, since start
 * @param storeBytes       bytes of the store directory
 * @param freeDiskBytes    usable bytes on the data directory's file system
 * @param clock            clock quality right now: synced | unsynced
 * @param backwardClockJumps times the wall clock stepped back since start (see docs/TIME.md)
 * @param lastClockJump    the last wall-clock step (either direction), or empty
 * @param sensors          per-sensor health
 * @param anchor           anchoring at the city's node; null when the gateway does not anchor (no mqtt: section)
 */
public record GatewayStatus(String writtenAt, long pid, String gatewayId, String suite, long height, String headHash,
                            double readingsPerMinute, double blocksPerMinute, long droppedReadings, long storeBytes,
                            long freeDiskBytes, String clock, long backwardClockJumps, String lastClockJump,
                            List<Sensor> sensors, AnchorStatus anchor) {

    /**
     * One sensor's health, as the sampler counts it.
     *
     * @param lastSeq          highest committed seq
     * @param readsOk          successful reads since start
     * @param failures         failed reads since start (timeouts included)
     * @param skippedDeadlines deadlines skipped because a read was still running or the loop woke late
     * @param lastSuccess      ISO time of the last successful read, or empty
     * @param lastError        the last failure's message and time, or empty
     */
    public record Sensor(String code, String driver, long lastSeq, long readsOk, long failures, long skippedDeadlines,
                         String lastSuccess, String lastError) {
    }

    public GatewayStatus {
        sensors = List.copyOf(sensors);
    }
}
