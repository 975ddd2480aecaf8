package cn.bsnedge.agent.sensors;

import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.io.I2cDevice;
import cn.bsnedge.drivers.io.SpiDevice;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Register-level chips for the factory tests: enough of each datasheet that the real driver
 * starts and reads one plausible value. The drivers module tests the failure modes in depth;
 * these check that config reaches the chip (address, channel, gain, standby) and a value comes back.
 */
final class FakeChips {

    private FakeChips() {
    }

    /** 256 auto-incrementing 8-bit registers (BME280-style). */
    static class Registers implements I2cDevice {
        final int[] regs = new int[256];
        final DeviceAddress address;
        boolean closed;

        Registers(int bus, int address) {
            this.address = DeviceAddress.i2c(bus, address);
        }

        void set(int register, int... values) {
            for (int i = 0; i < values.length; i++) {
                regs[(register + i) & 0xFF] = values[i] & 0xFF;
            }
        }

        @Override
        public DeviceAddress address() {
            return address;
        }

        @Override
        public void writeRegister(int register, byte... data) {
            for (int i = 0; i < data.length; i++) {
                regs[(register + i) & 0xFF] = data[i] & 0xFF;
            }
        }

        @Override
        public void readRegister(int register, byte[] into) {
            for (int i = 0; i < into.length; i++) {
                into[i] = (byte) regs[(register + i) & 0xFF];
            }
        }

        @Override
        public void write(byte... data) throws IOException {
            throw new IOException("register chip: raw write");
        }

        @Override
        public void read(byte[] into) throws IOException {
            throw new IOException("register chip: raw read");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /**
     * A BME280 with the trimming of the BMP280 datasheet's worked example (BST-BMP280-DS001
     * 3.12; same T and P formulas): adc_T 519888, adc_P 415148 give 25.08 Cel and 100653.3 Pa.
     */
    static Registers bme280(int bus, int address, int chipId) {
        Registers r = new Registers(bus, address);
        r.set(0xD0, chipId);
        int at = 0x88;
        for (int v : new int[]{27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000}) {
            r.set(at, v, v >> 8);
            at += 2;
        }
        r.set(0xA1, 75);
        r.set(0xE1, 362, 362 >> 8, 0, 313 >> 4, (313 & 0x0F) | (50 & 0x0F) << 4, 50 >> 4, 30);
        int adcP = 415148, adcT = 519888, adcH = 30000;
        r.set(0xF7, adcP >> 12, adcP >> 4, (adcP & 0x0F) << 4, adcT >> 12, adcT >> 4, (adcT & 0x0F) << 4, adcH >> 8, adcH);
        return r;
    }

    /** ADS1115: 16-bit config register that reads back as written, and a fixed conversion result. */
    static final class Ads1115 extends Registers {
        Ads1115(int bus, int address, int conversion) {
            super(bus, address);
            set(0x00, conversion >> 8, conversion);
        }

        @Override
        public void readRegister(int register, byte[] into) {
            // Registers are 16 bits wide at pointer 0 (conversion) and 1 (config): not auto-incrementing bytes.
            into[0] = (byte) regs[register * 2];
            into[1] = (byte) regs[register * 2 + 1];
        }

        @Override
        public void writeRegister(int register, byte... data) {
            regs[register * 2] = data[0] & 0xFF;
            regs[register * 2 + 1] = data[1] & 0xFF;
        }

        int config() {
            return regs[2] << 8 | regs[3];
        }
    }

    /** SHT3x: answers read-status and a single-shot measurement, each word with its CRC-8. */
    static final class Sht3x extends Registers {
        private final Deque<byte[]> replies = new ArrayDeque<>();
        private final int rawT, rawH;

        Sht3x(int bus, int address, int rawT, int rawH) {
            super(bus, address);
            this.rawT = rawT;
            this.rawH = rawH;
        }

        @Override
        public void write(byte... data) {
            int cmd = (data[0] & 0xFF) << 8 | (data[1] & 0xFF);
            if (cmd == 0xF32D) {
                replies.add(words(0x8010));
            } else if (cmd == 0x2400) {
                replies.add(words(rawT, rawH));
            }
        }

        @Override
        public void read(byte[] into) throws IOException {
            byte[] r = replies.poll();
            if (r == null || r.length != into.length) {
                throw new IOException("sht3x fake: NACK, nothing to read");
            }
            System.arraycopy(r, 0, into, 0, r.length);
        }

        private static byte[] words(int... words) {
            byte[] b = new byte[words.length * 3];
            for (int i = 0; i < words.length; i++) {
                b[3 * i] = (byte) (words[i] >> 8);
                b[3 * i + 1] = (byte) words[i];
                b[3 * i + 2] = (byte) crc8(b[3 * i], b[3 * i + 1]);
            }
            return b;
        }

        /** Sensirion CRC-8: polynomial 0x31, init 0xFF (datasheet 4.12). */
        static int crc8(byte... data) {
            int crc = 0xFF;
            for (byte d : data) {
                crc ^= d & 0xFF;
                for (int i = 0; i < 8; i++) {
                    crc = (crc & 0x80) != 0 ? (crc << 1 ^ 0x31) & 0xFF : crc << 1 & 0xFF;
                }
            }
            return crc;
        }
    }

    /** MCP3008 answering every channel with {@code raw}; remembers the last command byte. */
    static final class Mcp3008 implements SpiDevice {
        private final DeviceAddress address;
        private final int raw;
        int lastCommand = -1;

        Mcp3008(int bus, int chipSelect, int raw) {
            this.address = DeviceAddress.spi(bus, chipSelect);
            this.raw = raw;
        }

        @Override
        public DeviceAddress address() {
            return address;
        }

        @Override
        public byte[] transfer(byte[] out) {
            lastCommand = out[1] & 0xFF;
            // Reply byte 1: null bit (0x04) low, then B9 B8; byte 2: B7..B0 (datasheet figure 6-1).
            return new byte[]{0, (byte) (raw >> 8 & 0x03), (byte) raw};
        }
    }
}
