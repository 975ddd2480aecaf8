package cn.bsnedge.drivers.io;

import cn.bsnedge.drivers.DeviceAddress;

import java.io.IOException;

/**
 * One device on an I2C bus. Register reads are a write of the register address followed by a
 * repeated-start read, so a multi-byte read sees one consistent set of data registers.
 * Not thread-safe: one driver owns one device.
 */
public interface I2cDevice extends AutoCloseable {

    DeviceAddress address();

    /** Writes {@code data} starting at {@code register} (devices auto-increment). */
    void writeRegister(int register, byte... data) throws IOException;

    /** Fills {@code into} from {@code register} onwards in one transaction. */
    void readRegister(int register, byte[] into) throws IOException;

    /** Raw write, for command-based devices (SHT3x) that have no register pointer. */
    void write(byte... data) throws IOException;

    /** Raw read of exactly {@code into.length} bytes. */
    void read(byte[] into) throws IOException;

    @Override
    default void close() {
    }
}
