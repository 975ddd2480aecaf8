package cn.bsnedge.agent.sensors;

import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.io.ByteStream;
import cn.bsnedge.drivers.io.EdgeInput;
import cn.bsnedge.drivers.io.I2cDevice;
import cn.bsnedge.drivers.io.OneWireBus;
import cn.bsnedge.drivers.io.SpiDevice;
import cn.bsnedge.drivers.io.SysfsOneWireBus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Buses} whose devices are test fakes placed by the test; anything not placed fails to
 * open, as an absent bus would. Records what the factory asked for, so tests can check the
 * config's bus, address, pin, device path and SPI settings reached the bus layer.
 */
final class FakeBuses implements Buses {

    final Map<String, I2cDevice> i2c = new HashMap<>();
    final Map<String, SpiDevice> spi = new HashMap<>();
    final Map<Integer, FakeEdgeInput> gpio = new HashMap<>();
    final Map<String, ByteStream> serial = new HashMap<>();
    final List<String> requests = new ArrayList<>();
    Path w1 = Path.of("/nonexistent-w1");

    void putI2c(int bus, int address, I2cDevice device) {
        i2c.put(bus + ":" + address, device);
    }

    @Override
    public I2cDevice i2c(int bus, int address) throws IOException {
        requests.add(String.format("i2c %d 0x%02x", bus, address));
        return found(i2c.get(bus + ":" + address), "i2c " + bus + " " + address);
    }

    @Override
    public SpiDevice spi(int bus, int chipSelect, int baud, int mode) throws IOException {
        requests.add("spi " + bus + "." + chipSelect + " " + baud + " Hz mode " + mode);
        return found(spi.get(bus + "." + chipSelect), "spi " + bus + "." + chipSelect);
    }

    @Override
    public EdgeInput edgeInput(int pin, Pull pull) throws IOException {
        requests.add("gpio " + pin + " pull " + pull);
        return found(gpio.get(pin), "gpio " + pin);
    }

    @Override
    public OneWireBus oneWire() {
        requests.add("w1");
        return new SysfsOneWireBus(w1);
    }

    @Override
    public ByteStream serial(String devicePath) throws IOException {
        requests.add("serial " + devicePath);
        return found(serial.get(devicePath), devicePath);
    }

    private static <T> T found(T device, String what) throws IOException {
        if (device == null) {
            throw new IOException("fake: nothing wired at " + what);
        }
        return device;
    }

    /** An edge input the test drives by calling {@link #edge}. */
    static final class FakeEdgeInput implements EdgeInput {
        private final DeviceAddress address;
        private Listener listener;
        boolean closed;

        FakeEdgeInput(int pin) {
            this.address = DeviceAddress.gpio(pin);
        }

        @Override
        public DeviceAddress address() {
            return address;
        }

        @Override
        public void listen(Listener l) {
            this.listener = l;
        }

        void edge(boolean high, long nanoTime) {
            listener.edge(high, nanoTime);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A serial line that delivers {@code bytes} once, then nothing. */
    static ByteStream bytesOnce(String device, byte[] bytes) {
        return new ByteStream() {
            private boolean sent;

            @Override
            public DeviceAddress address() {
                return DeviceAddress.serial(device);
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                if (sent) {
                    return 0;
                }
                sent = true;
                System.arraycopy(bytes, 0, buf, off, bytes.length);
                return bytes.length;
            }
        };
    }
}
