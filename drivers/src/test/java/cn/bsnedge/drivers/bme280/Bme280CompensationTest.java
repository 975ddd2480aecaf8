package cn.bsnedge.drivers.bme280;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static cn.bsnedge.drivers.bme280.FakeBme280.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The integer formulas against the datasheet example and against the datasheet's floating-point formulas. */
class Bme280CompensationTest {

    private static Bme280Compensation calib() {
        FakeBme280 chip = new FakeBme280();
        byte[] tp = new byte[24];
        byte[] h = new byte[7];
        for (int i = 0; i < 24; i++) {
            tp[i] = (byte) chip.get(0x88 + i);
        }
        for (int i = 0; i < 7; i++) {
            h[i] = (byte) chip.get(0xE1 + i);
        }
        return Bme280Compensation.parse(tp, chip.get(0xA1), h);
    }

    @Test
    void parse_readsSignedAndSplitTrimmingWords() {
        Bme280Compensation c = calib();
        assertEquals(List.of(27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000),
                List.of(c.t1(), c.t2(), c.t3(), c.p1(), c.p2(), c.p3(), c.p4(), c.p5(), c.p6(), c.p7(), c.p8(), c.p9()));
        assertEquals(List.of(DIG_H1, DIG_H2, DIG_H3, DIG_H4, DIG_H5, DIG_H6),
                List.of(c.h1(), c.h2(), c.h3(), c.h4(), c.h5(), c.h6()));
    }

    @Test
    void temperatureAndPressure_datasheetWorkedExample() {
        // BMP280 datasheet BST-BMP280-DS001 section 3.12: t_fine = 128422, T = 25.08 °C, p = 100653.27 Pa
        // (the example is worked in floating point). The 64-bit integer formula gives Q24.8 25767233,
        // i.e. 100653.254 Pa: 0.016 Pa from the float result, far below the chip's 0.2 Pa noise.
        Bme280Compensation c = calib();
        int tFine = c.tFine(ADC_T);
        assertEquals(128422, tFine);
        assertEquals(2508, Bme280Compensation.centiCelsius(tFine));
        assertEquals("100653.27", String.format("%.2f", referencePressure(c, referenceTFine(c, ADC_T), ADC_P)));
        long q8 = c.pressureQ24_8(ADC_P, tFine);
        assertEquals(25767233L, q8);
        assertEquals(100653.27, q8 / 256.0, 0.02);
    }

    @Test
    void humidity_matchesDatasheetDoubleFormulaWithin0_01PercentAcrossItsRange() {
        Bme280Compensation c = calib();
        List<String> off = new ArrayList<>();
        for (int adcT = 400_000; adcT <= 600_000; adcT += 20_000) {
            int tFine = c.tFine(adcT);
            for (int adcH = 20_000; adcH <= 40_000; adcH += 1000) {
                double want = referenceHumidity(c, tFine, adcH);
                double got = c.humidityQ22_10(adcH, tFine) / 1024.0;
                if (Math.abs(got - want) > 0.01) {
                    off.add("adcT " + adcT + " adcH " + adcH + ": got " + got + ", want " + want);
                }
            }
        }
        assertEquals(List.of(), off);
    }

    @Test
    void humidity_handComputedPoint() {
        // At the datasheet example temperature (t_fine 128422) and adc_H 30000 with the typical trimming;
        // pinned from the integer formula and within 0.01 of the double formula (test above).
        Bme280Compensation c = calib();
        assertEquals(0, c.humidityQ22_10(30000, 128422) - HUMIDITY_Q10_AT_30000);
    }

    static final int HUMIDITY_Q10_AT_30000 = 56317;   // 54.997 %RH

    /** Datasheet section 8.1 double-precision t_fine, not truncated: the worked example keeps the fraction. */
    static double referenceTFine(Bme280Compensation c, int adcT) {
        double var1 = (adcT / 16384.0 - c.t1() / 1024.0) * c.t2();
        double d = adcT / 131072.0 - c.t1() / 8192.0;
        return var1 + d * d * c.t3();
    }

    /** Datasheet section 8.1 double-precision pressure, the formula the worked example uses. */
    static double referencePressure(Bme280Compensation c, double tFine, int adcP) {
        double var1 = tFine / 2.0 - 64000.0;
        double var2 = var1 * var1 * c.p6() / 32768.0;
        var2 = var2 + var1 * c.p5() * 2.0;
        var2 = var2 / 4.0 + c.p4() * 65536.0;
        var1 = (c.p3() * var1 * var1 / 524288.0 + c.p2() * var1) / 524288.0;
        var1 = (1.0 + var1 / 32768.0) * c.p1();
        double p = 1048576.0 - adcP;
        p = (p - var2 / 4096.0) * 6250.0 / var1;
        var1 = c.p9() * p * p / 2147483648.0;
        var2 = p * c.p8() / 32768.0;
        return p + (var1 + var2 + c.p7()) / 16.0;
    }

    /** Datasheet BST-BME280-DS002 section 8.1, double precision humidity; the reference the integer code must match. */
    static double referenceHumidity(Bme280Compensation c, int tFine, int adcH) {
        double h = tFine - 76800.0;
        h = (adcH - (c.h4() * 64.0 + c.h5() / 16384.0 * h))
                * (c.h2() / 65536.0 * (1.0 + c.h6() / 67108864.0 * h * (1.0 + c.h3() / 67108864.0 * h)));
        h = h * (1.0 - c.h1() * h / 524288.0);
        return Math.max(0, Math.min(100, h));
    }
}
