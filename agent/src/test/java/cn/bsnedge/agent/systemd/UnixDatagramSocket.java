package cn.bsnedge.agent.systemd;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A bound AF_UNIX datagram socket, made through FFM (the JDK's unix-domain channels are stream
 * only): the fake {@code NOTIFY_SOCKET} a test hands to the code under test. Linux, x86_64 and
 * aarch64 (their SOL_SOCKET/SO_RCVTIMEO numbers agree).
 */
final class UnixDatagramSocket implements AutoCloseable {

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int EAGAIN = 11;
    private static final long SUN_PATH_BYTES = 108;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout ERRNO_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = ERRNO_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

    private static final MethodHandle SOCKET = handle("socket",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle BIND = handle("bind",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SETSOCKOPT = handle("setsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RECV = handle("recv", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("close"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), fd, CAPTURE);
    }

    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = arena.allocate(ERRNO_STATE);
    private final MemorySegment buffer = arena.allocate(4096);
    private final Path path;
    private final int fd;

    /** Binds a new socket at {@code path} (which must not exist) with a receive timeout. */
    UnixDatagramSocket(Path path, Duration receiveTimeout) throws IOException {
        this.path = path;
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH_BYTES) {
            throw new IOException("socket path " + path + " is " + name.length + " bytes; sun_path holds 107");
        }
        try {
            fd = (int) SOCKET.invokeExact(errno, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            check(fd, "socket");
            MemorySegment addr = arena.allocate(2 + SUN_PATH_BYTES); // struct sockaddr_un, zeroed
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(name, 0, addr, ValueLayout.JAVA_BYTE, 2, name.length);
            check((int) BIND.invokeExact(errno, fd, addr, (int) addr.byteSize()), "bind " + path);
            MemorySegment tv = arena.allocate(16); // struct timeval {long tv_sec; long tv_usec;}
            tv.set(ValueLayout.JAVA_LONG, 0, receiveTimeout.toSeconds());
            tv.set(ValueLayout.JAVA_LONG, 8, receiveTimeout.toMillisPart() * 1000L);
            check((int) SETSOCKOPT.invokeExact(errno, fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16), "setsockopt SO_RCVTIMEO");
        } catch (IOException e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new IOException(t);
        }
    }

    Path path() {
        return path;
    }

    /** The next datagram as text, or empty when none arrives within the receive timeout. */
    Optional<String> receive() throws IOException {
        long n;
        try {
            n = (long) RECV.invokeExact(errno, fd, buffer, buffer.byteSize(), 0);
        } catch (Throwable t) {
            throw new IOException(t);
        }
        if (n < 0) {
            int e = (int) ERRNO.get(errno, 0L);
            if (e == EAGAIN) {
                return Optional.empty();
            }
            throw new IOException("recv on " + path + " failed: errno " + e);
        }
        return Optional.of(new String(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
    }

    private void check(int result, String what) throws IOException {
        if (result < 0) {
            throw new IOException(what + " failed: errno " + (int) ERRNO.get(errno, 0L));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IOException(t);
        } finally {
            arena.close();
            Files.deleteIfExists(path);
        }
    }
}
