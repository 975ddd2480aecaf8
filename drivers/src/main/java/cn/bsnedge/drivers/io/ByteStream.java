package cn.bsnedge.drivers.io;

import cn.bsnedge.drivers.DeviceAddress;

import java.io.IOException;

/** A serial receive line. Reads return what has arrived, without waiting for a full frame. */
public interface ByteStream extends AutoCloseable {

    DeviceAddress address();

    /**
     * Copies up to {@code len} available bytes into {@code buf}.
     *
     * @return bytes copied, 0 if none have arrived yet, -1 if the stream has ended
     */
    int read(byte[] buf, int off, int len) throws IOException;

    @Override
    default void close() throws IOException {
    }
}
