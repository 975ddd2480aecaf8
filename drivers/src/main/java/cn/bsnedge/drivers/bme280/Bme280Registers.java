package cn.bsnedge.drivers.bme280;

/** BME280 register map, from the Bosch datasheet BST-BME280-DS002, section 5.3. */
final class Bme280Registers {
    static final int CALIB_TP = 0x88;     // dig_T1..dig_P9, 24 bytes little-endian, then 0xA0 reserved
    static final int CALIB_TP_LEN = 24;
    static final int DIG_H1 = 0xA1;
    static final int CALIB_H = 0xE1;      // dig_H2..dig_H6, 7 bytes, H4/H5 share 0xE5
    static final int CALIB_H_LEN = 7;
    static final int CHIP_ID = 0xD0;
    static final int RESET = 0xE0;
    static final int CTRL_HUM = 0xF2;
    static final int STATUS = 0xF3;
    static final int CTRL_MEAS = 0xF4;
    static final int CONFIG = 0xF5;

    // One burst 0xF2..0xFE reads the control registers and the data of one sample together.
    static final int BURST_START = CTRL_HUM;
    static final int BURST_LEN = 0xFE - BURST_START + 1;
    static final int AT_CTRL_HUM = 0;
    static final int AT_CTRL_MEAS = CTRL_MEAS - BURST_START;
    static final int AT_CONFIG = CONFIG - BURST_START;
    static final int AT_PRESS = 0xF7 - BURST_START;
    static final int AT_TEMP = 0xFA - BURST_START;
    static final int AT_HUM = 0xFD - BURST_START;
    static final int CTRL_HUM_MASK = 0x07;   // bits 7:3 of ctrl_hum and bit 1 of config are reserved
    static final int CONFIG_MASK = 0xFD;

    static final int ID_BME280 = 0x60;
    static final int ID_BMP280 = 0x58;     // same footprint, no humidity: the common mislabelled part
    static final int RESET_WORD = 0xB6;
    static final int MODE_NORMAL = 0b11;
    static final int STATUS_IM_UPDATE = 0x01;

    /** A skipped or not-yet-run conversion leaves these in the data registers (datasheet 5.4.7–5.4.9). */
    static final int SKIPPED_20BIT = 0x80000;
    static final int SKIPPED_16BIT = 0x8000;

    /** Start-up time after power-on or soft reset, datasheet table 1: 2 ms max. */
    static final long STARTUP_MICROS = 2_000;

    private Bme280Registers() {
    }
}
