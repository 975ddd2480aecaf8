package cn.bsnedge.drivers.io;

import cn.bsnedge.drivers.DeviceAddress;

/**
 * A digital input that reports level changes. Listeners run on the IO provider's event thread,
 * so they must be quick and thread-safe.
 */
public interface EdgeInput extends AutoCloseable {

    /** Receives one level change; {@code nanoTime} is from the same monotonic clock the input was built with. */
    @FunctionalInterface
    interface Listener {
        void edge(boolean high, long nanoTime);
    }

    DeviceAddress address();

    /** Registers the (single) listener; replaces any earlier one. */
    void listen(Listener listener);

    @Override
    default void close() {
    }
}
