package cn.bsnedge.agent.time;

import cn.bsnedge.ledger.entry.ClockQuality;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class KernelClockTest {

    @Test
    void quality_isSyncedOnlyWhenNeitherTimeErrorNorUnsyncBit() {
        assertEquals(ClockQuality.SYNCED, KernelClock.quality(0, 0x2001));        // TIME_OK, PLL|NANO
        assertEquals(ClockQuality.SYNCED, KernelClock.quality(1, 0));             // TIME_INS (leap second pending)
        assertEquals(ClockQuality.UNSYNCED, KernelClock.quality(5, 0));           // TIME_ERROR
        assertEquals(ClockQuality.UNSYNCED, KernelClock.quality(0, 0x0040));      // STA_UNSYNC
        assertEquals(ClockQuality.UNSYNCED, KernelClock.quality(5, 0x0041));
    }

    /** On this Linux machine the real system call answers, and agrees with the kernel's own bit. */
    @Test
    void read_onLinux_callsTheKernelAndReturnsAConsistentState() {
        var clock = KernelClock.open();
        assumeTrue(clock.isPresent(), "adjtimex is only available on 64-bit Linux");
        KernelClock.State s = clock.get().read();
        assertTrue(s.clockState() >= 0 && s.clockState() <= 5, "adjtimex returned " + s.clockState());
        assertEquals((s.status() & KernelClock.STA_UNSYNC) == 0 && s.clockState() != 5 ? ClockQuality.SYNCED : ClockQuality.UNSYNCED,
                s.quality());
        // Not compared with timesyncd's marker file: it stays after the kernel has lost sync, so on a
        // build host it says something about the host, not about this code.
    }
}
