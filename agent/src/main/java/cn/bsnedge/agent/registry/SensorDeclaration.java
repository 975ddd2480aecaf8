package cn.bsnedge.agent.registry;

import cn.bsnedge.agent.config.Bus;
import cn.bsnedge.agent.config.SensorConfig;
import cn.bsnedge.ledger.entry.Calibration;
import cn.bsnedge.ledger.entry.Location;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.entry.SensorCode;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * A sensor as the engineer declares it (in gateway.yaml or on the demo's list): what the chain's
 * registry should say about it. {@link Registrar} turns the difference into ledger entries.
 *
 * @param wiring      canonical wiring text (FORMAT.md §2.5.1), e.g. {@code i2c:1:0x76}
 * @param calibration the calibration in force; {@link Calibration#IDENTITY} for none
 * @param active      false when the declaration retires the sensor
 * @param note        why the latest change was made, sealed as the entry's reason; empty for the default text
 */
public record SensorDeclaration(SensorCode code, String driver, String wiring, Duration interval,
                                Optional<Location> location, String description, Calibration calibration,
                                String engineer, boolean active, String note) {

    /** Who registered a sensor whose declaration names nobody. */
    public static final String UNNAMED_ENGINEER = "gateway.yaml";

    public static SensorDeclaration of(SensorConfig s) {
        String channel = s.options().values().containsKey("channel") ? ":ch" + s.options().integer("channel") : "";
        String wiring = switch (s.bus()) {
            case Bus.None n -> "none";
            case Bus.I2c i -> String.format("i2c:%d:0x%02x", i.bus(), i.address()) + channel;
            case Bus.Spi p -> "spi:" + p.bus() + ":" + p.chipSelect() + channel;
            case Bus.Gpio g -> "gpio:" + g.pin();
            case Bus.Serial d -> "serial:" + d.device();
            case Bus.OneWire w -> "w1:" + w.rom();
            // FORMAT.md §2.5.1: a resource the gateway reads is its URI; a pushing sensor has no
            // wiring of its own, so an open kind names how it arrives (docs/COAP.md).
            case Bus.Network n -> n.uri().isEmpty() ? "push:coap" : n.uri();
        };
        Optional<Location> location = s.location().map(l -> Location.parse(
                java.math.BigDecimal.valueOf(l.lat()).toPlainString(), java.math.BigDecimal.valueOf(l.lon()).toPlainString()));
        SensorConfig.Calibration c = s.calibration();
        Calibration calibration = c.equals(SensorConfig.Calibration.NONE) ? Calibration.IDENTITY
                : new Calibration(ReadingValue.Decimal.of(c.offset()), ReadingValue.Decimal.of(c.scale()), c.by(),
                        c.at().map(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()).orElse(Calibration.UNKNOWN_TIME));
        String engineer = s.engineer() == null || s.engineer().isBlank() ? UNNAMED_ENGINEER : s.engineer();
        return new SensorDeclaration(s.code(), s.driver(), wiring, s.interval(), location,
                s.location().map(SensorConfig.Location::description).orElse(""), calibration, engineer,
                s.status() == SensorConfig.Status.ACTIVE, s.note());
    }
}
