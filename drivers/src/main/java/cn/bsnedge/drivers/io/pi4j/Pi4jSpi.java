package cn.bsnedge.drivers.io.pi4j;

import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.io.SpiDevice;
import com.pi4j.exception.Pi4JException;
import com.pi4j.io.spi.Spi;

import java.io.IOException;

/** {@link SpiDevice} onto a Pi4J {@link Spi}: one {@code transfer} per call, so chip select stays low for the frame. */
public final class Pi4jSpi implements SpiDevice {

    private final Spi spi;
    private final DeviceAddress address;

    /** @param address bus and chip select the Spi was opened with (Pi4J's Spi does not expose them uniformly) */
    public Pi4jSpi(Spi spi, DeviceAddress address) {
        this.spi = spi;
        this.address = address;
    }

    @Override
    public DeviceAddress address() {
        return address;
    }

    @Override
    public byte[] transfer(byte[] out) throws IOException {
        byte[] in = new byte[out.length];
        int n;
        try {
            n = spi.transfer(out, 0, in, 0, out.length);
        } catch (Pi4JException | IllegalStateException e) {
            throw new IOException(address + ": " + e.getMessage(), e);
        }
        if (n != out.length) {
            throw new IOException(address + ": transfer moved " + n + " bytes, want " + out.length);
        }
        return in;
    }

    @Override
    public void close() {
        spi.close();
    }
}
