package cn.bsnedge.drivers.sht3x;

/**
 * CRC-8 of the SHT3x (datasheet 4.12): polynomial 0x31 (x^8 + x^5 + x^4 + 1), init 0xFF, no
 * reflection, no final XOR. Datasheet example: CRC(0xBEEF) = 0x92.
 */
final class Sht3xCrc {

    private Sht3xCrc() {
    }

    static int crc8(int msb, int lsb) {
        int crc = Sht3xCommands.CRC_INIT;
        for (int b : new int[]{msb & 0xFF, lsb & 0xFF}) {
            crc ^= b;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x80) != 0 ? (crc << 1) ^ Sht3xCommands.CRC_POLYNOMIAL : crc << 1;
            }
            crc &= 0xFF;
        }
        return crc;
    }
}
