package cn.bsnedge.drivers.sht3x;

/** SHT3x-DIS command words, datasheet (Sensirion, version 6, 2019) section 4. */
final class Sht3xCommands {
    /** Single shot, high repeatability, clock stretching disabled (table 9): the Pi's I2C stretches badly. */
    static final int MEASURE_HIGH_NO_STRETCH = 0x2400;
    static final int READ_STATUS = 0xF32D;
    static final int CLEAR_STATUS = 0x3041;
    static final int SOFT_RESET = 0x30A2;

    /** Status bit 4: a reset (power-on, soft, or brown-out) happened since the last clear. */
    static final int STATUS_RESET_DETECTED = 1 << 4;

    /** Table 4: high repeatability measurement takes at most 15.5 ms. */
    static final long MEASUREMENT_MICROS = 15_500;

    static final int CRC_POLYNOMIAL = 0x31;
    static final int CRC_INIT = 0xFF;

    private Sht3xCommands() {
    }
}
