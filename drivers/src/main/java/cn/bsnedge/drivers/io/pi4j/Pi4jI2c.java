package cn.bsnedge.drivers.io.pi4j;

import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.io.I2cDevice;
import com.pi4j.exception.Pi4JException;
import com.pi4j.io.i2c.I2C;

import java.io.IOException;

/**
 * {@link I2cDevice} onto a Pi4J {@link I2C}. Pi4J reports a NACK or a failed ioctl as an unchecked
 * {@link Pi4JException}; this turns it into an {@link IOException} so drivers cannot forget it.
 */
public final class Pi4jI2c implements I2cDevice {

    private final I2C i2c;
    private final DeviceAddress address;

    public Pi4jI2c(I2C i2c) {
        this.i2c = i2c;
        this.address = DeviceAddress.i2c(i2c.bus(), i2c.device());
    }

    @Override
    public DeviceAddress address() {
        return address;
    }

    @Override
    public void writeRegister(int register, byte... data) throws IOException {
        // linuxfs returns data.length + 1 (it counts the register byte); only a negative count is an error.
        checkWritten(call(() -> i2c.writeRegister(register, data, 0, data.length)), "write register " + hex(register));
    }

    @Override
    public void readRegister(int register, byte[] into) throws IOException {
        int n = call(() -> i2c.readRegister(register, into, 0, into.length));
        if (n != into.length) {
            throw new IOException(address + ": read register " + hex(register) + " returned " + n + " bytes, want " + into.length);
        }
    }

    @Override
    public void write(byte... data) throws IOException {
        checkWritten(call(() -> i2c.write(data, 0, data.length)), "write");
    }

    @Override
    public void read(byte[] into) throws IOException {
        int n = call(() -> i2c.read(into, 0, into.length));
        if (n != into.length) {
            throw new IOException(address + ": read returned " + n + " bytes, want " + into.length);
        }
    }

    @Override
    public void close() {
        i2c.close();
    }

    private void checkWritten(int n, String what) throws IOException {
        if (n < 0) {
            throw new IOException(address + ": " + what + " failed with code " + n);
        }
    }

    private interface Transfer {
        int run();
    }

    private int call(Transfer t) throws IOException {
        try {
            return t.run();
        } catch (Pi4JException | IllegalStateException e) {
            throw new IOException(address + ": " + e.getMessage(), e);
        }
    }

    private static String hex(int register) {
        return String.format("0x%02x", register);
    }
}
