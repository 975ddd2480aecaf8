package cn.bsnedge.agent.time;

import cn.bsnedge.agent.pipeline.ClockStatus;
import cn.bsnedge.ledger.entry.ClockQuality;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Clock quality from the kernel itself: glibc's {@code adjtimex(2)} with {@code modes = 0} (read
 * only, no privilege needed), called through the Java 25 FFM API. The kernel knows whether NTP,
 * chrony or timesyncd has disciplined the clock: the call returns {@code TIME_ERROR} (5) and sets
 * {@code STA_UNSYNC} in {@code status} while it has not. That is the same state
 * {@code timedatectl}'s "System clock synchronized" reports, read without a subprocess.
 */
public final class KernelClock implements ClockStatus {

    /** adjtimex return value: the clock is not synchronised. */
    static final int TIME_ERROR = 5;
    /** {@code status} bit: the clock is not synchronised. */
    static final int STA_UNSYNC = 0x0040;
    /** sizeof(struct timex) on LP64 Linux (x86_64, aarch64) is 208; room to spare. */
    private static final long TIMEX_BYTES = 512;
    /** offsetof(struct timex, status) on LP64: int modes (+4 pad), 4 longs, then status. */
    static final long STATUS_OFFSET = 40;

    private final MethodHandle adjtimex;

    private KernelClock(MethodHandle adjtimex) {
        this.adjtimex = adjtimex;
    }

    /** The kernel clock, or empty where {@code adjtimex} is not available (not Linux, not 64-bit). */
    public static Optional<KernelClock> open() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                || ValueLayout.ADDRESS.byteSize() != 8) {
            return Optional.empty();
        }
        Linker linker = Linker.nativeLinker();
        return linker.defaultLookup().find("adjtimex").map(symbol -> new KernelClock(
                linker.downcallHandle(symbol, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS))));
    }

    /** The kernel's view where it can be read, otherwise systemd-timesyncd's marker file. */
    public static ClockStatus bestAvailable() {
        return open().<ClockStatus>map(k -> k).orElseGet(ClockStatus::systemdTimesync);
    }

    /** The kernel's current answer: adjtimex's return value and {@code status}. */
    public record State(int clockState, int status) {
        public ClockQuality quality() {
            return KernelClock.quality(clockState, status);
        }
    }

    public State read() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timex = arena.allocate(TIMEX_BYTES, 8); // zeroed: modes = 0 reads only
            int state = (int) adjtimex.invokeExact(timex);
            if (state < 0) {
                return new State(TIME_ERROR, STA_UNSYNC);
            }
            return new State(state, timex.get(ValueLayout.JAVA_INT, STATUS_OFFSET));
        } catch (Throwable t) {
            // A failing system call must never make a timestamp look trustworthy.
            return new State(TIME_ERROR, STA_UNSYNC);
        }
    }

    /** Synchronised only when the kernel says neither TIME_ERROR nor STA_UNSYNC. */
    static ClockQuality quality(int clockState, int status) {
        return clockState != TIME_ERROR && (status & STA_UNSYNC) == 0 ? ClockQuality.SYNCED : ClockQuality.UNSYNCED;
    }

    @Override
    public ClockQuality quality() {
        return read().quality();
    }
}
