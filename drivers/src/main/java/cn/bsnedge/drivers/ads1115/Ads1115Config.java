package cn.bsnedge.drivers.ads1115;

import java.math.BigDecimal;
import java.time.Duration;

/** Input, programmable gain and data rate of one ADS1115 channel. */
public record Ads1115Config(Channel channel, Gain gain, DataRate rate) {

    /** MUX field (datasheet table 8): single-ended inputs against GND, or differential pairs. */
    public enum Channel {
        DIFF_0_1(0b000), DIFF_0_3(0b001), DIFF_1_3(0b010), DIFF_2_3(0b011),
        AIN0(0b100), AIN1(0b101), AIN2(0b110), AIN3(0b111);

        final int bits;

        Channel(int bits) {
            this.bits = bits;
        }
    }

    /** PGA full-scale range; one LSB is FSR / 32768. Inputs must still stay within GND-0.3..VDD+0.3 V. */
    public enum Gain {
        FSR_6_144(0b000, "6.144"), FSR_4_096(0b001, "4.096"), FSR_2_048(0b010, "2.048"),
        FSR_1_024(0b011, "1.024"), FSR_0_512(0b100, "0.512"), FSR_0_256(0b101, "0.256");

        final int bits;
        final BigDecimal volts;

        Gain(int bits, String volts) {
            this.bits = bits;
            this.volts = new BigDecimal(volts);
        }
    }

    /** Samples per second (DR field). */
    public enum DataRate {
        SPS_8(0b000, 8), SPS_16(0b001, 16), SPS_32(0b010, 32), SPS_64(0b011, 64),
        SPS_128(0b100, 128), SPS_250(0b101, 250), SPS_475(0b110, 475), SPS_860(0b111, 860);

        final int bits;
        final int perSecond;

        DataRate(int bits, int perSecond) {
            this.bits = bits;
            this.perSecond = perSecond;
        }

        Duration period() {
            return Duration.ofNanos((1_000_000_000L + perSecond - 1) / perSecond);
        }
    }

    /** Continuous conversion on this channel, comparator disabled. */
    int configWord() {
        return channel.bits << Ads1115Registers.MUX_SHIFT | gain.bits << Ads1115Registers.PGA_SHIFT
                | Ads1115Registers.MODE_CONTINUOUS | rate.bits << Ads1115Registers.DR_SHIFT | Ads1115Registers.COMP_DISABLED;
    }
}
