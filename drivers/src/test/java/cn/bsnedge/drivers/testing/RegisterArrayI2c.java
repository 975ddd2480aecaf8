package cn.bsnedge.drivers.testing;

import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.io.I2cDevice;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An I2C device simulated as 256 auto-incrementing 8-bit registers, like most sensor chips.
 * Records every transfer as hex so tests can compare the bytes a driver sent, and can be told
 * to NACK (absent chip, loose wire). Subclasses add chip behaviour in {@link #onWrite}.
 */
public class RegisterArrayI2c implements I2cDevice {

    protected final int[] regs = new int[256];
    private final DeviceAddress address;
    private final List<String> log = new ArrayList<>();
    private boolean nack;
    private int failAfter = -1;

    public RegisterArrayI2c(int bus, int address) {
        this.address = DeviceAddress.i2c(bus, address);
    }

    /** Every transfer so far, e.g. {@code w f4 00}, {@code r f2 +13}. */
    public List<String> log() {
        return log;
    }

    /** From now on every transfer fails as a NACK would. */
    public void nack(boolean on) {
        this.nack = on;
    }

    /** Lets {@code n} more transfers succeed, then NACKs. */
    public void failAfter(int n) {
        this.failAfter = n;
    }

    public void set(int register, int... values) {
        for (int i = 0; i < values.length; i++) {
            regs[(register + i) & 0xFF] = values[i] & 0xFF;
        }
    }

    public int get(int register) {
        return regs[register & 0xFF];
    }

    @Override
    public DeviceAddress address() {
        return address;
    }

    @Override
    public void writeRegister(int register, byte... data) throws IOException {
        check("w " + hex(register) + " " + HexFormat.of().withDelimiter(" ").formatHex(data));
        for (int i = 0; i < data.length; i++) {
            int r = (register + i) & 0xFF;
            regs[r] = data[i] & 0xFF;
            onWrite(r, data[i] & 0xFF);
        }
    }

    @Override
    public void readRegister(int register, byte[] into) throws IOException {
        check("r " + hex(register) + " +" + into.length);
        for (int i = 0; i < into.length; i++) {
            into[i] = (byte) regs[(register + i) & 0xFF];
        }
    }

    @Override
    public void write(byte... data) throws IOException {
        check("w " + HexFormat.of().withDelimiter(" ").formatHex(data));
        onCommand(data);
    }

    @Override
    public void read(byte[] into) throws IOException {
        check("r +" + into.length);
        onRead(into);
    }

    /** Chip behaviour after a register write (e.g. reset command). */
    protected void onWrite(int register, int value) {
    }

    /** Chip behaviour for a raw command write (command-based chips). */
    protected void onCommand(byte[] data) throws IOException {
    }

    /** Fills a raw read (command-based chips). */
    protected void onRead(byte[] into) throws IOException {
    }

    private void check(String entry) throws IOException {
        if (failAfter == 0) {
            nack = true;
        }
        if (failAfter > 0) {
            failAfter--;
        }
        if (nack) {
            throw new IOException("Remote I/O error (NACK) at " + address);
        }
        log.add(entry);
    }

    private static String hex(int b) {
        return String.format("%02x", b);
    }
}
