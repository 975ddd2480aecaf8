package cn.bsnedge.drivers.io;

import cn.bsnedge.drivers.DeviceAddress;

import java.io.IOException;

/** One chip select on an SPI bus: full-duplex transfers with chip select held for the whole transfer. */
public interface SpiDevice extends AutoCloseable {

    DeviceAddress address();

    /** Clocks {@code out} to the device and returns the bytes clocked in at the same time. */
    byte[] transfer(byte[] out) throws IOException;

    @Override
    default void close() {
    }
}
