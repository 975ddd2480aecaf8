package cn.bsnedge.agent.config;

import cn.bsnedge.agent.config.DriverSpec.Wiring;
import cn.bsnedge.agent.config.SensorConfig.Calibration;
import cn.bsnedge.agent.config.SensorConfig.Location;
import cn.bsnedge.agent.config.SensorConfig.Options;
import cn.bsnedge.agent.config.SensorConfig.Status;
import cn.bsnedge.ledger.entry.SensorCode;
import org.snakeyaml.engine.v2.nodes.Node;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import static cn.bsnedge.agent.config.ConfigSchema.*;

/** Reads one {@code sensors[i]} item. Cross-sensor checks (duplicates, conflicts) are {@link Conflicts}'. */
final class SensorReader {

    static final List<String> KEYS = Stream.concat(
            Stream.of("code", "driver"),
            Stream.concat(DriverSpec.BUS_KEYS.stream(),
                    Stream.of("interval", "location", "calibration", "engineer", "status", "note", "options"))).toList();

    /**
     * What was read of one sensor, kept even when parts are invalid so that the duplicate and
     * conflict checks still run and the operator sees every problem in one pass.
     *
     * @param file     the file it was read from, as messages name it
     * @param config   the sensor, or null when any of its own fields was invalid
     * @param busDefaulted the bus key was left out and its default applied (say so: it is not on the line)
     * @param busKey   the key that names the exclusive resource (address, chipSelect, pin, device, rom)
     * @param channel  the {@code channel} option of a multi-channel ADC, else null
     */
    record Entry(String file, int index, String code, int codeLine, String driver, Bus bus, String busKey, int busLine, boolean busDefaulted,
                 Integer channel, Status status, SensorConfig config) {

        String path() {
            return "sensors[" + index + "]";
        }
    }

    private SensorReader() {
    }

    static Entry read(Node node, int index, Problems problems) {
        int before = problems.count();
        YamlMap m = YamlMap.of(node, "sensors[" + index + "]", problems);
        m.rejectUnknown(KEYS, "");
        String code = m.get("code", SENSOR_CODE);
        String driver = m.get("driver", SENSOR_DRIVER);
        DriverSpec spec = driver == null ? null : DriverSpec.named(driver).orElseThrow();
        Bus bus = spec == null ? null : bus(m, spec);
        String busKey = spec == null || spec.wiring().keys().isEmpty() ? null : spec.wiring().keys().getLast();
        Duration interval = m.get("interval", SENSOR_INTERVAL);
        String status = m.get("status", SENSOR_STATUS);
        String engineer = m.get("engineer", SENSOR_ENGINEER);
        String note = m.get("note", SENSOR_NOTE);
        Optional<Location> location = m.has("location") ? location(m.section("location")) : Optional.empty();
        Calibration calibration = m.has("calibration") ? calibration(m.section("calibration")) : Calibration.NONE;
        Options options = spec == null ? null : options(m, spec);
        Integer channel = spec != null && spec.channels() && options != null ? options.integer("channel") : null;
        Status st = status == null ? null : Status.valueOf(status.toUpperCase(java.util.Locale.ROOT));
        if (bus instanceof Bus.Network net && options != null) {
            CoapSection.checkSensor(m, net, options);
        }

        boolean valid = problems.count() == before && note != null;
        SensorConfig config = valid ? new SensorConfig(SensorCode.of(code), driver, bus, interval, location,
                calibration, engineer, st, options, note) : null;
        return new Entry(problems.file(), index, code, m.line("code"), driver, bus, busKey, busKey == null ? 0 : m.line(busKey),
                busKey != null && !m.has(busKey),
                channel, st, config);
    }

    /** The bus of {@code spec}'s wiring; keys of another wiring are reported, not ignored. */
    private static Bus bus(YamlMap m, DriverSpec spec) {
        for (String key : DriverSpec.BUS_KEYS) {
            if (m.has(key) && !spec.wiring().keys().contains(key)) {
                String takes = spec.wiring() == Wiring.NONE ? "takes no bus keys"
                        : "is wired by " + spec.wiring().name().replace('_', '-') + " and takes "
                          + String.join(", ", spec.wiring().keys()) + ", not " + key;
                m.problems().add(m.value(key), m.child(key), spec.name() + " " + takes);
            }
        }
        return switch (spec.wiring()) {
            case NONE -> new Bus.None();
            case I2C -> {
                Integer bus = m.get("bus", SENSOR_BUS.withDefault(1));
                Integer address = m.get("address", SENSOR_ADDRESS.withDefault(spec.defaultAddress()));
                if (address != null && (address < spec.addressMin() || address > spec.addressMax())) {
                    m.problems().add(m.value("address"), m.child("address"), SENSOR_ADDRESS.format(address)
                            + " is not a " + spec.name() + " address; want " + SENSOR_ADDRESS.format(spec.addressMin())
                            + ".." + SENSOR_ADDRESS.format(spec.addressMax()));
                }
                yield bus == null || address == null ? null : new Bus.I2c(bus, address);
            }
            case SPI -> {
                Integer bus = m.get("bus", SENSOR_BUS.withDefault(0));
                Integer cs = m.get("chipSelect", SENSOR_CHIP_SELECT);
                yield bus == null || cs == null ? null : new Bus.Spi(bus, cs);
            }
            case GPIO -> {
                Integer pin = m.get("pin", SENSOR_PIN);
                yield pin == null ? null : new Bus.Gpio(pin);
            }
            case SERIAL -> {
                String device = m.get("device", SENSOR_DEVICE);
                yield device == null ? null : new Bus.Serial(device);
            }
            case NETWORK -> {
                String uri = m.get("uri", SENSOR_URI);
                yield uri == null ? null : new Bus.Network(uri);
            }
            case ONE_WIRE -> {
                String rom = m.get("rom", SENSOR_ROM);
                if (rom != null && !rom.startsWith(spec.romFamily() + "-")) {
                    m.problems().add(m.value("rom"), m.child("rom"), "'" + rom + "' is 1-Wire family " + rom.substring(0, 2)
                            + ", not a " + spec.name() + " (family " + spec.romFamily() + "); want " + spec.romFamily()
                            + "-xxxxxxxxxxxx");
                    rom = null;
                }
                yield rom == null ? null : new Bus.OneWire(rom);
            }
        };
    }

    private static Optional<Location> location(YamlMap m) {
        m.rejectUnknown(ConfigSchema.keysUnder("sensors[].location."), "");
        BigDecimal lat = m.get("lat", LOCATION_LAT);
        BigDecimal lon = m.get("lon", LOCATION_LON);
        String description = m.get("description", LOCATION_DESCRIPTION);
        return lat == null || lon == null || description == null ? Optional.empty()
                : Optional.of(new Location(lat.doubleValue(), lon.doubleValue(), description));
    }

    private static Calibration calibration(YamlMap m) {
        m.rejectUnknown(ConfigSchema.keysUnder("sensors[].calibration."), "");
        BigDecimal offset = m.get("offset", CALIBRATION_OFFSET);
        BigDecimal scale = m.get("scale", CALIBRATION_SCALE);
        String by = m.get("by", CALIBRATION_BY);
        LocalDate at = m.get("at", CALIBRATION_AT);
        return Stream.of(offset, scale, by, at).anyMatch(Objects::isNull) ? null
                : new Calibration(offset, scale, by, Optional.of(at));
    }

    /** The driver's options with defaults applied; null when one was invalid. */
    private static Options options(YamlMap sensor, DriverSpec spec) {
        YamlMap m = sensor.section("options");
        m.rejectUnknown(spec.optionKeys(), spec.name() + " takes no options");
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> keys = spec.optionKeys();
        boolean ok = true;
        for (int i = 0; i < keys.size(); i++) {
            Object v = m.get(keys.get(i), spec.options().get(i));
            ok &= v != null;
            if (v != null) {
                values.put(keys.get(i), v);
            }
        }
        return ok ? new Options(values) : null;
    }

    static List<Entry> readAll(List<Node> items, Problems problems) {
        List<Entry> entries = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            entries.add(read(items.get(i), i, problems));
        }
        return entries;
    }
}
