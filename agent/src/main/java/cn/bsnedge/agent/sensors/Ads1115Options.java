package cn.bsnedge.agent.sensors;

import cn.bsnedge.agent.config.SensorConfig;
import cn.bsnedge.drivers.ads1115.Ads1115Config;
import cn.bsnedge.drivers.ads1115.CurrentLoop;

import java.math.BigDecimal;

/**
 * An {@code ads1115} sensor's options as the driver wants them. The 4-20 mA options only make
 * sense together, which config cannot check key by key, so the combinations are checked here and
 * refused with the option names to change.
 *
 * @param loop null: report the input voltage
 */
record Ads1115Options(Ads1115Config config, CurrentLoop loop) {

    /** NAMUR NE 43's upper fault threshold: the shunt voltage must still be measurable here to call it a fault. */
    private static final BigDecimal FAULT_MA = CurrentLoop.FAULT_ABOVE_MA;

    static Ads1115Options of(SensorConfig.Options o) {
        // Config's choices are the enum names without prefix: "4.096" → FSR_4_096, "128" → SPS_128.
        Ads1115Config config = new Ads1115Config(
                Ads1115Config.Channel.valueOf("AIN" + o.integer("channel")),
                Ads1115Config.Gain.valueOf("FSR_" + o.text("fullScale").replace('.', '_')),
                Ads1115Config.DataRate.valueOf("SPS_" + o.text("dataRate")));
        BigDecimal shunt = o.decimal("loop.shuntOhms");
        String quantity = o.text("loop.quantity");
        String unit = o.text("loop.unit");
        if (shunt.signum() == 0) {
            if (!quantity.isEmpty() || !unit.isEmpty()) {
                throw new IllegalArgumentException("options loop.quantity/loop.unit are set but loop.shuntOhms is 0;"
                        + " give the shunt resistance to scale the 4-20 mA loop, or drop them to report volts");
            }
            return new Ads1115Options(config, null);
        }
        if (quantity.isEmpty() || unit.isEmpty()) {
            throw new IllegalArgumentException("option loop.shuntOhms " + shunt.toPlainString()
                    + " makes this a 4-20 mA loop, which needs loop.quantity and loop.unit (e.g. water.level, m)");
        }
        BigDecimal fullScale = new BigDecimal(o.text("fullScale"));
        BigDecimal atFault = shunt.multiply(FAULT_MA).movePointLeft(3);
        if (atFault.compareTo(fullScale) >= 0) {
            // Otherwise the converter saturates below 21 mA and a shorted loop reads as "full scale", not as a fault.
            throw new IllegalArgumentException("loop.shuntOhms " + shunt.toPlainString() + " puts " + FAULT_MA + " mA at "
                    + atFault.toPlainString() + " V, beyond fullScale " + fullScale.toPlainString()
                    + " V; choose a larger fullScale or a smaller shunt");
        }
        CurrentLoop loop = new CurrentLoop(shunt, quantity, unit, o.decimal("loop.atMin"), o.decimal("loop.atMax"),
                o.integer("loop.decimals"));
        return new Ads1115Options(config, loop);
    }
}
