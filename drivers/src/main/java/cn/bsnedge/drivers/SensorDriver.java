package cn.bsnedge.drivers;

import java.util.List;

/**
 * One physical (or simulated) sensor as the agent samples it. A read either returns what the
 * device measured or throws; it never substitutes a default or a previous value, because a
 * made-up number would be signed and anchored as if it were measured.
 */
public interface SensorDriver extends AutoCloseable {

    /** Driver name as configuration refers to it, e.g. {@code bme280}, {@code simulated}. */
    String driverName();

    /**
     * Samples the device now: one measurement per quantity the device reports. An empty list
     * means the device has no new sample yet (converting, warming up, no new frame); it is not a
     * failure and carries no value. A failure throws a {@link SensorException}, typed by
     * subclass ({@link BusException}, {@link ChecksumException}, {@link ChipNotFoundException},
     * {@link ImplausibleValueException}, {@link DeviceResetException}).
     */
    List<Measurement> read() throws SensorException;

    @Override
    default void close() {
    }
}
