package cn.bsnedge.drivers.ads1115;

import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.io.I2cDevice;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** An ADS1115 as four 16-bit registers behind a pointer, MSB first; power-on config 0x8583. */
final class FakeAds1115 implements I2cDevice {

    final int[] regs = {0, 0x8583, 0x8000, 0x7FFF};
    final List<String> log = new ArrayList<>();
    boolean nack;
    /** What the chip stores when config is written: a different chip might ignore it. */
    boolean ignoresWrites;

    @Override
    public DeviceAddress address() {
        return DeviceAddress.i2c(1, 0x48);
    }

    void conversion(int raw) {
        regs[0] = raw & 0xFFFF;
    }

    void powerCycle() {
        regs[1] = 0x8583;
        regs[0] = 0;
    }

    @Override
    public void writeRegister(int register, byte... data) throws IOException {
        check();
        log.add("w " + register + " " + HexFormat.of().formatHex(data));
        if (!ignoresWrites) {
            regs[register] = (data[0] & 0xFF) << 8 | (data[1] & 0xFF);
        }
    }

    @Override
    public void readRegister(int register, byte[] into) throws IOException {
        check();
        into[0] = (byte) (regs[register] >> 8);
        into[1] = (byte) regs[register];
    }

    @Override
    public void write(byte... data) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void read(byte[] into) {
        throw new UnsupportedOperationException();
    }

    private void check() throws IOException {
        if (nack) {
            throw new IOException("Remote I/O error (NACK)");
        }
    }
}
