package cn.bsnedge.drivers.bme280;

/**
 * Factory trimming and the datasheet's integer compensation formulas (BST-BME280-DS002 section
 * 4.2.3, 32-bit temperature and humidity, 64-bit pressure). The integer versions are exact and
 * reproducible bit for bit, which a signed reading should be; doubles would depend on rounding.
 * Java int/long arithmetic and {@code >>} behave like the datasheet's int32/int64 C code.
 */
record Bme280Compensation(int t1, int t2, int t3,
                          int p1, int p2, int p3, int p4, int p5, int p6, int p7, int p8, int p9,
                          int h1, int h2, int h3, int h4, int h5, int h6) {

    /** Parses calib00..calib25 (0x88..0xA1, 26 bytes with dig_H1 last) and calib26..calib32 (0xE1..0xE7). */
    static Bme280Compensation parse(byte[] tp, int digH1, byte[] h) {
        return new Bme280Compensation(
                u16(tp, 0), s16(tp, 2), s16(tp, 4),
                u16(tp, 6), s16(tp, 8), s16(tp, 10), s16(tp, 12), s16(tp, 14), s16(tp, 16),
                s16(tp, 18), s16(tp, 20), s16(tp, 22),
                digH1 & 0xFF,
                s16(h, 0),
                h[2] & 0xFF,
                // dig_H4 = 0xE4[7:0] << 4 | 0xE5[3:0]; dig_H5 = 0xE6[7:0] << 4 | 0xE5[7:4]; both signed 12 bit.
                h[3] << 4 | (h[4] & 0x0F),
                h[5] << 4 | (h[4] & 0xFF) >> 4,
                h[6]);
    }

    /** t_fine, the fine temperature carried into pressure and humidity compensation. */
    int tFine(int adcT) {
        int var1 = (((adcT >> 3) - (t1 << 1)) * t2) >> 11;
        int var2 = (((((adcT >> 4) - t1) * ((adcT >> 4) - t1)) >> 12) * t3) >> 14;
        return var1 + var2;
    }

    /** Temperature in 0.01 °C: 5123 is 51.23 °C. */
    static int centiCelsius(int tFine) {
        return (tFine * 5 + 128) >> 8;
    }

    /** Pressure in Pa as Q24.8 (divide by 256), or 0 where the datasheet guards a division by zero. */
    long pressureQ24_8(int adcP, int tFine) {
        long var1 = (long) tFine - 128000;
        long var2 = var1 * var1 * p6;
        var2 = var2 + ((var1 * p5) << 17);
        var2 = var2 + ((long) p4 << 35);
        var1 = ((var1 * var1 * p3) >> 8) + ((var1 * p2) << 12);
        var1 = (((1L << 47) + var1) * p1) >> 33;
        if (var1 == 0) {
            return 0;
        }
        long p = 1048576 - adcP;
        p = (((p << 31) - var2) * 3125) / var1;
        var1 = ((long) p9 * (p >> 13) * (p >> 13)) >> 25;
        var2 = ((long) p8 * p) >> 19;
        return ((p + var1 + var2) >> 8) + ((long) p7 << 4);
    }

    /** Relative humidity in %RH as Q22.10 (divide by 1024), clamped to 0..100 %RH by the formula. */
    int humidityQ22_10(int adcH, int tFine) {
        int v = tFine - 76800;
        v = ((((adcH << 14) - (h4 << 20) - (h5 * v)) + 16384) >> 15)
                * (((((((v * h6) >> 10) * (((v * h3) >> 11) + 32768)) >> 10) + 2097152) * h2 + 8192) >> 14);
        v = v - (((((v >> 15) * (v >> 15)) >> 7) * h1) >> 4);
        v = Math.max(v, 0);
        v = Math.min(v, 419430400);
        return v >> 12;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static int s16(byte[] b, int i) {
        return (short) u16(b, i);
    }
}
