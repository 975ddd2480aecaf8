package cn.bsnedge.drivers.io.pi4j;

import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.io.I2cDevice;
import cn.bsnedge.drivers.io.SpiDevice;
import com.pi4j.io.exception.IOException;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.spi.Spi;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adapters forward to the Pi4J methods we checked against the 4.0.0 jar, with the same bytes. */
class Pi4jAdaptersTest {

    private final Recorder rec = new Recorder();

    private I2C i2c(boolean nack) {
        return rec.fake(I2C.class, (name, a) -> switch (name) {
            case "bus" -> 1;
            case "device" -> 0x76;
            case "readRegister" -> {
                if (nack) {
                    throw new IOException("ioctl I2C_RDWR failed: Remote I/O error");
                }
                byte[] buf = (byte[]) a[1];
                for (int i = 0; i < (int) a[3]; i++) {
                    buf[(int) a[2] + i] = (byte) (0x60 + i);
                }
                yield a[3];
            }
            case "writeRegister" -> (int) a[3] + 1;   // linuxfs counts the register byte
            case "read", "write" -> a[2];
            default -> null;
        });
    }

    @Test
    void i2c_readRegister_forwardsRegisterAndLengthAndReturnsBytes() throws Exception {
        I2cDevice dev = new Pi4jI2c(i2c(false));
        byte[] b = new byte[2];
        dev.readRegister(0xD0, b);
        assertArrayEquals(new byte[]{0x60, 0x61}, b);
        assertEquals(DeviceAddress.i2c(1, 0x76), dev.address());
        assertEquals("readRegister(208, 0000, 0, 2)", rec.calls.getLast());   // logged before the fake fills it
    }

    @Test
    void i2c_writeRegister_forwardsDataBytes() throws Exception {
        new Pi4jI2c(i2c(false)).writeRegister(0xF4, (byte) 0x57);
        assertEquals("writeRegister(244, 57, 0, 1)", rec.calls.getLast());
    }

    @Test
    void i2c_rawWriteAndRead_forwardWholeArrays() throws Exception {
        I2cDevice dev = new Pi4jI2c(i2c(false));
        dev.write((byte) 0x24, (byte) 0x00);
        dev.read(new byte[6]);
        assertEquals(List.of("write(2400, 0, 2)", "read(000000000000, 0, 6)"), rec.calls.subList(rec.calls.size() - 2, rec.calls.size()));
    }

    @Test
    void i2c_pi4jRuntimeError_becomesCheckedIoExceptionNamingTheDevice() {
        I2cDevice dev = new Pi4jI2c(i2c(true));
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> dev.readRegister(0xD0, new byte[1]));
        assertTrue(e.getMessage().startsWith("i2c-1 0x76: ioctl"), e.getMessage());
    }

    @Test
    void i2c_shortRead_isAnError() {
        I2C shortRead = rec.fake(I2C.class, (name, a) -> switch (name) {
            case "bus" -> 1;
            case "device" -> 0x48;
            case "readRegister" -> 1;
            default -> null;
        });
        assertThrows(java.io.IOException.class, () -> new Pi4jI2c(shortRead).readRegister(0, new byte[2]));
    }

    @Test
    void spi_transfer_isOneFullDuplexCall() throws Exception {
        Spi spi = rec.fake(Spi.class, (name, a) -> {
            if (name.equals("transfer")) {
                byte[] in = (byte[]) a[2];
                in[2] = (byte) 0xAB;
                return a[4];
            }
            return null;
        });
        SpiDevice dev = new Pi4jSpi(spi, DeviceAddress.spi(0, 0));
        byte[] got = dev.transfer(new byte[]{0x01, (byte) 0x80, 0x00});
        assertEquals(List.of("transfer(018000, 0, 000000, 0, 3)"), rec.calls);
        assertEquals((byte) 0xAB, got[2]);
    }

    @Test
    void edgeInput_forwardsHighAndLowWithTimestampAndIgnoresUnknown() {
        List<DigitalStateChangeListener> listeners = new ArrayList<>();
        DigitalInput in = rec.fake(DigitalInput.class, (name, a) -> {
            if (name.equals("addListener")) {
                listeners.add((DigitalStateChangeListener) ((Object[]) a[0])[0]);
            }
            if (name.equals("removeListener")) {
                listeners.remove((DigitalStateChangeListener) ((Object[]) a[0])[0]);
            }
            return null;
        });
        long[] now = {1000};
        Pi4jEdgeInput edge = new Pi4jEdgeInput(in, DeviceAddress.gpio(17), () -> now[0]);
        List<String> seen = new ArrayList<>();
        edge.listen((high, t) -> seen.add(high + "@" + t));
        fire(listeners, in, DigitalState.HIGH);
        now[0] = 2000;
        fire(listeners, in, DigitalState.UNKNOWN);
        fire(listeners, in, DigitalState.LOW);
        assertEquals(List.of("true@1000", "false@2000"), seen);
        edge.close();
        assertTrue(listeners.isEmpty(), "close removes the listener from the Pi4J input");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void fire(List<DigitalStateChangeListener> ls, DigitalInput in, DigitalState s) {
        for (DigitalStateChangeListener l : List.copyOf(ls)) {
            l.onDigitalStateChange(new DigitalStateChangeEvent(in, s));
        }
    }
}
