package cn.bsnedge.agent.pipeline;

import cn.bsnedge.ledger.entry.ClockQuality;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the wall clock can be trusted right now; gateways have no RTC. */
@FunctionalInterface
public interface ClockStatus {

    ClockQuality quality();

    /** Never claims sync: the honest default when nothing tells us otherwise. */
    ClockStatus UNSYNCED = () -> ClockQuality.UNSYNCED;

    /**
     * systemd-timesyncd creates {@code /run/systemd/timesync/synchronized} once it has synchronised
     * the kernel clock since boot (systemd 239+; Raspberry Pi OS runs timesyncd by default).
     */
    static ClockStatus systemdTimesync() {
        Path marker = Path.of("/run/systemd/timesync/synchronized");
        return () -> Files.exists(marker) ? ClockQuality.SYNCED : ClockQuality.UNSYNCED;
    }
}
