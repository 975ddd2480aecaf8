package cn.bsnedge.agent.sensors;

import cn.bsnedge.drivers.io.SpiDevice;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedSpiTest {

    private int opened;
    private boolean closed;

    private SpiDevice open() {
        opened++;
        return new SpiDevice() {
            @Override
            public cn.bsnedge.drivers.DeviceAddress address() {
                return cn.bsnedge.drivers.DeviceAddress.spi(0, 1);
            }

            @Override
            public byte[] transfer(byte[] out) {
                return out.clone();
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    @Test
    void twoSensorsOnOneChipSelect_shareOneOpenDevice_closedWithTheLastUser() throws Exception {
        SharedSpi shared = new SharedSpi();
        SpiDevice a = shared.acquire("0.1", this::open);
        SpiDevice b = shared.acquire("0.1", this::open);
        assertEquals(1, opened, "Pi4J refuses a second device with the same id");
        assertArrayEquals(new byte[]{1, 2, 3}, b.transfer(new byte[]{1, 2, 3}));
        a.close();
        a.close();   // a second close of one handle must not release the other's hold
        assertFalse(closed);
        b.close();
        assertTrue(closed);
        shared.acquire("0.1", this::open);
        assertEquals(2, opened, "reopened after the last user closed");
    }
}
