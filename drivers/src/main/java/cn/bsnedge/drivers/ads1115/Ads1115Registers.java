package cn.bsnedge.drivers.ads1115;

/** ADS1115 registers and config fields, TI datasheet SBAS444D section 8.6. All registers are 16 bit, MSB first. */
final class Ads1115Registers {
    static final int CONVERSION = 0x00;
    static final int CONFIG = 0x01;

    static final int OS_BIT = 0x8000;         // read: 1 = not converting; write 1 = start single shot
    static final int MUX_SHIFT = 12;
    static final int PGA_SHIFT = 9;
    static final int MODE_CONTINUOUS = 0x0000; // bit 8 = 0
    static final int DR_SHIFT = 5;
    static final int COMP_DISABLED = 0x0003;   // COMP_QUE = 11, the power-on default

    /** Power-on config value (table 8): single-shot, AIN0-AIN1, ±2.048 V, 128 SPS, comparator off. */
    static final int POWER_ON_CONFIG = 0x8583;

    static final int FULL_SCALE_POSITIVE = 0x7FFF;
    static final int FULL_SCALE_NEGATIVE = -0x8000;

    /** Wake-up from power-down before the first conversion starts (datasheet 8.4.2: about 25 µs); rounded up. */
    static final long WAKEUP_MICROS = 100;

    private Ads1115Registers() {
    }
}
