package cn.bsnedge.agent.systemd;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code sd_notify(3)} of libsystemd, called through the Java 25 FFM API. The JDK cannot send
 * datagrams on a unix socket, and the protocol has details (abstract sockets, credentials) that
 * libsystemd already gets right; libsystemd0 is installed wherever systemd is, so no native
 * library ships with the agent. libsystemd reads {@code NOTIFY_SOCKET} from the process
 * environment itself.
 */
final class SystemdNotifier implements ServiceManager {

    /** The soname Debian's libsystemd0 installs (Raspberry Pi OS included). */
    static final String LIBRARY = "libsystemd.so.0";

    private final MethodHandle sdNotify;
    private final MethodHandle strerror;
    private final Consumer<String> log;
    private final AtomicLong failures = new AtomicLong();

    private SystemdNotifier(MethodHandle sdNotify, MethodHandle strerror, Consumer<String> log) {
        this.sdNotify = sdNotify;
        this.strerror = strerror;
        this.log = log;
    }

    /**
     * Binds {@code sd_notify} in {@code library}, or explains in {@code log} why it cannot
     * (library missing, symbol missing) and returns empty.
     */
    static Optional<SystemdNotifier> load(String library, Consumer<String> log) {
        Linker linker = Linker.nativeLinker();
        SymbolLookup lib;
        try {
            // The global arena keeps the library loaded for the life of the process, as the
            // notifier is used until the very last STOPPING=1.
            lib = SymbolLookup.libraryLookup(library, Arena.global());
        } catch (IllegalArgumentException e) {
            log.accept("warning: cannot load " + library + " (" + e.getMessage() + "): systemd will not hear"
                    + " READY=1, STATUS= or watchdog pings, so a Type=notify unit times out; install libsystemd0");
            return Optional.empty();
        }
        Optional<MemorySegment> symbol = lib.find("sd_notify");
        if (symbol.isEmpty()) {
            log.accept("warning: " + library + " has no sd_notify symbol; systemd will not hear from the agent");
            return Optional.empty();
        }
        MethodHandle notify = linker.downcallHandle(symbol.get(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        MethodHandle strerror = linker.defaultLookup().find("strerror").map(s -> linker.downcallHandle(s,
                FunctionDescriptor.of(ValueLayout.ADDRESS.withTargetLayout(ValueLayout.JAVA_BYTE), ValueLayout.JAVA_INT)))
                .orElse(null);
        return Optional.of(new SystemdNotifier(notify, strerror, log));
    }

    @Override
    public void ready() {
        send("READY=1");
    }

    @Override
    public void status(String text) {
        send("STATUS=" + text.replace('\n', ' ').replace('\r', ' '));
    }

    @Override
    public void watchdog() {
        send("WATCHDOG=1");
    }

    @Override
    public void stopping() {
        send("STOPPING=1");
    }

    @Override
    public boolean listening() {
        return true;
    }

    /**
     * One datagram. sd_notify returns a negative errno on failure, 0 when NOTIFY_SOCKET is not
     * set, and a positive value once the datagram is sent.
     */
    int send(String state) {
        int result;
        try (Arena arena = Arena.ofConfined()) {
            result = (int) sdNotify.invokeExact(0, arena.allocateFrom(state));
        } catch (Throwable t) {
            report(state, t.toString());
            return -1;
        }
        if (result < 0) {
            report(state, describe(-result));
        }
        return result;
    }

    private void report(String state, String why) {
        long n = failures.incrementAndGet();
        // Failures 1, 2, 4, 8, ...: a dead notify socket must not flood the journal every ping.
        if (Long.bitCount(n) == 1) {
            String what = state.length() > 40 ? state.substring(0, 40) + "…" : state;
            log.accept("sd_notify(" + what + ") failed: " + why + " (" + n + " failures so far)");
        }
    }

    private String describe(int errno) {
        if (strerror != null) {
            try {
                MemorySegment text = (MemorySegment) strerror.invokeExact(errno);
                return text.reinterpret(256).getString(0) + " (errno " + errno + ")";
            } catch (Throwable ignored) {
                // fall through to the number alone
            }
        }
        return "errno " + errno;
    }
}
