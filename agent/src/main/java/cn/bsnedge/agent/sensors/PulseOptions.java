package cn.bsnedge.agent.sensors;

import cn.bsnedge.agent.config.SensorConfig;
import cn.bsnedge.drivers.pulse.PulseMeterConfig;

import java.math.BigDecimal;

/**
 * A {@code pulse} sensor's options as the pulse meter wants them.
 *
 * @param bothEdges count rising and falling edges (the driver itself counts one kind; see {@link BothEdges})
 */
record PulseOptions(Buses.Pull pull, boolean bothEdges, PulseMeterConfig config) {

    static PulseOptions of(SensorConfig.Options o) {
        String edge = o.text("edge");
        String rateQuantity = o.text("rate.quantity");
        String rateUnit = o.text("rate.unit");
        if (rateQuantity.isEmpty() != rateUnit.isEmpty()) {
            throw new IllegalArgumentException("options rate.quantity and rate.unit go together (e.g. water.flow, m3/s);"
                    + " give both for a rate, or neither for the total only");
        }
        BigDecimal factor = o.decimal("rate.factor");
        // BothEdges reports every edge as rising, so "both" counts rising ones.
        PulseMeterConfig config = new PulseMeterConfig(!"falling".equals(edge), o.duration("debounce"),
                o.decimal("unitsPerPulse"), o.decimal("startTotal"), o.text("quantity"), o.text("unit"),
                o.integer("decimals"), rateQuantity.isEmpty() ? null : rateQuantity,
                rateUnit.isEmpty() ? null : rateUnit, rateQuantity.isEmpty() ? null : factor);
        return new PulseOptions(Buses.Pull.valueOf(o.text("pull").toUpperCase(java.util.Locale.ROOT)),
                "both".equals(edge), config);
    }
}
