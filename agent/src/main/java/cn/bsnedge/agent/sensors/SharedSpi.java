package cn.bsnedge.agent.sensors;

import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.io.SpiDevice;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * One open SPI device per bus and chip select, shared by the sensors that read different
 * channels of one ADC chip (config allows it). Pi4J registers each device under one id and
 * refuses a second open, and two file handles could interleave frames; here transfers are
 * serialised and the device closes when its last user closes.
 */
final class SharedSpi {

    interface Opener {
        SpiDevice open() throws IOException;
    }

    private final Map<String, Entry> open = new HashMap<>();

    private final class Entry {
        final String key;
        final SpiDevice device;
        int users;

        Entry(String key, SpiDevice device) {
            this.key = key;
            this.device = device;
        }
    }

    /** A handle on the device for {@code key}, opening it with {@code opener} if no sensor holds it yet. */
    synchronized SpiDevice acquire(String key, Opener opener) throws IOException {
        Entry e = open.get(key);
        if (e == null) {
            e = new Entry(key, opener.open());
            open.put(key, e);
        }
        e.users++;
        return new Handle(e);
    }

    private synchronized void release(Entry e) {
        if (--e.users == 0) {
            open.remove(e.key);
            e.device.close();
        }
    }

    private final class Handle implements SpiDevice {
        private final Entry entry;
        private boolean closed;   // a driver closing twice must not release another sensor's hold

        Handle(Entry entry) {
            this.entry = entry;
        }

        @Override
        public DeviceAddress address() {
            return entry.device.address();
        }

        @Override
        public byte[] transfer(byte[] out) throws IOException {
            synchronized (entry) {
                return entry.device.transfer(out);
            }
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                release(entry);
            }
        }
    }
}
