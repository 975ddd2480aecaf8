package cn.bsnedge.drivers.bme280;

import cn.bsnedge.drivers.testing.RegisterArrayI2c;

/**
 * A BME280 as a register array: chip id, factory trimming, data registers, and a soft reset
 * (0xB6 to 0xE0) that clears the control registers like a power-on would.
 * <p>
 * Trimming dig_T1..dig_P9 is the worked example of the BMP280 datasheet (BST-BMP280-DS001,
 * section 3.12, table "compensation example"); the BME280 uses the same temperature and
 * pressure formulas and registers. dig_H1..dig_H6 are typical values read from a BME280.
 */
final class FakeBme280 extends RegisterArrayI2c {

    static final int[] DIG_T = {27504, 26435, -1000};
    static final int[] DIG_P = {36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000};
    static final int DIG_H1 = 75, DIG_H2 = 362, DIG_H3 = 0, DIG_H4 = 313, DIG_H5 = 50, DIG_H6 = 30;

    /** Raw values of the same datasheet example: T = 25.08 °C, p = 100653.27 Pa. */
    static final int ADC_T = 519888, ADC_P = 415148;

    FakeBme280() {
        super(1, 0x76);
        set(0xD0, 0x60);
        int r = 0x88;
        for (int v : DIG_T) {
            set(r, v, v >> 8);
            r += 2;
        }
        for (int v : DIG_P) {
            set(r, v, v >> 8);
            r += 2;
        }
        set(0xA1, DIG_H1);
        set(0xE1, DIG_H2, DIG_H2 >> 8, DIG_H3, DIG_H4 >> 4, (DIG_H4 & 0x0F) | (DIG_H5 & 0x0F) << 4, DIG_H5 >> 4, DIG_H6);
        powerOn();
        setRaw(ADC_T, ADC_P, 30000);
    }

    /** Datasheet reset values: control registers 0, data registers "no conversion". */
    void powerOn() {
        set(0xF2, 0, 0, 0, 0);
        setRaw(0x80000, 0x80000, 0x8000);
    }

    void setRaw(int adcT, int adcP, int adcH) {
        set(0xF7, adcP >> 12, adcP >> 4, (adcP & 0x0F) << 4);
        set(0xFA, adcT >> 12, adcT >> 4, (adcT & 0x0F) << 4);
        set(0xFD, adcH >> 8, adcH);
    }

    @Override
    protected void onWrite(int register, int value) {
        if (register == 0xE0 && value == 0xB6) {
            powerOn();
        }
    }
}
