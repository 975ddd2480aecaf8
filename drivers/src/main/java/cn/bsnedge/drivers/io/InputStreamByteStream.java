package cn.bsnedge.drivers.io;

import cn.bsnedge.drivers.DeviceAddress;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@link ByteStream} over an {@link InputStream}, e.g. {@code /dev/serial0} opened as a file after
 * {@code stty -F /dev/serial0 9600 raw -echo}. Pi4J 4.0.0 dropped its Serial API (Pi4J pull
 * request 580), so UART access is plain file IO; the line settings belong to the OS.
 */
public final class InputStreamByteStream implements ByteStream {

    private final DeviceAddress address;
    private final InputStream in;

    public InputStreamByteStream(DeviceAddress address, InputStream in) {
        this.address = address;
        this.in = in;
    }

    @Override
    public DeviceAddress address() {
        return address;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        // available() keeps the read path from blocking when nothing has arrived yet.
        int ready = in.available();
        if (ready <= 0) {
            return 0;
        }
        return in.read(buf, off, Math.min(len, ready));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
