package cn.bsnedge.agent.config;

import cn.bsnedge.agent.config.Setting.ChoiceSetting;
import cn.bsnedge.agent.config.Setting.DecimalSetting;
import cn.bsnedge.agent.config.Setting.DurationSetting;
import cn.bsnedge.agent.config.Setting.IntSetting;
import cn.bsnedge.agent.config.Setting.TextSetting;

import cn.bsnedge.ledger.entry.SenmlUnits;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What config needs to know about a driver: how it is wired, which addresses its chip can
 * have, and its options. The drivers themselves live in the drivers module; a new driver adds
 * one entry to {@link #ALL}.
 *
 * @param addressMin     lowest I2C address the chip can be strapped to (I2C drivers only)
 * @param defaultAddress the chip's factory address (I2C drivers only)
 * @param romFamily      the 1-Wire family code the chip reports, e.g. "28" (1-Wire drivers only)
 * @param channels       several sensors may share one chip, each reading its own {@code channel} option
 */
public record DriverSpec(String name, Wiring wiring, String summary, int defaultAddress, int addressMin,
                         int addressMax, String romFamily, boolean channels, List<Setting<?>> options) {

    /** How a driver's chip is wired, and so which bus keys a sensor using it takes. */
    public enum Wiring {
        NONE(List.of()), I2C(List.of("bus", "address")), SPI(List.of("bus", "chipSelect")),
        GPIO(List.of("pin")), SERIAL(List.of("device")), ONE_WIRE(List.of("rom")),
        NETWORK(List.of("uri"));

        private final List<String> keys;

        Wiring(List<String> keys) {
            this.keys = keys;
        }

        public List<String> keys() {
            return keys;
        }
    }

    /** Every bus key any driver takes. */
    public static final List<String> BUS_KEYS = List.of("bus", "address", "chipSelect", "pin", "device", "rom", "uri");

    public DriverSpec {
        options = List.copyOf(options);
    }

    private static DriverSpec plain(String name, Wiring wiring, String summary, List<Setting<?>> options) {
        return new DriverSpec(name, wiring, summary, 0, 0, 0, null, false, options);
    }

    private static DriverSpec i2c(String name, String summary, int dflt, int min, int max, boolean channels,
                                  List<Setting<?>> options) {
        return new DriverSpec(name, Wiring.I2C, summary, dflt, min, max, null, channels, options);
    }

    /** Every driver option's documented key starts with this; the rest is the key under {@code options:}. */
    static final String OPTIONS = "sensors[].options.";

    private static String opt(String key) {
        return OPTIONS + key;
    }

    private static final String NAME_RANGE = "1 to 32 of a-z 0-9 . _";

    private static String quantityProblem(String v) {
        return v.matches("[a-z0-9._]{1,32}") ? null : "is not a quantity name; want " + NAME_RANGE;
    }

    /**
     * Checked against the registry the ledger enforces, so a unit config accepts is one a
     * reading can carry: a pattern would let "1" or "degC" through to fail on every read.
     */
    private static String unitProblem(String v) {
        return SenmlUnits.isRegistered(v) ? null
                : "is not a SenML unit symbol (RFC 8428, RFC 8798; case-sensitive), e.g. Cel, m3, kWh, count, /";
    }

    /** An option that may be left empty (meaning "not used") or else must pass {@code check}. */
    private static Function<String, String> emptyOr(Function<String, String> check) {
        return v -> v.isEmpty() ? null : check.apply(v);
    }

    private static TextSetting quantity(String key, String description, String dflt) {
        return new TextSetting(opt(key), description, dflt, NAME_RANGE, DriverSpec::quantityProblem);
    }

    private static TextSetting unit(String key, String description, String dflt) {
        return new TextSetting(opt(key), description, dflt, "a SenML unit symbol", DriverSpec::unitProblem);
    }

    public static final List<DriverSpec> ALL = List.of(
            plain("simulated", Wiring.NONE, "a deterministic stand-in for a real sensor (demo, tests, no hardware)", List.of(
                    quantity("quantity", "What it measures, e.g. temperature, water.volume.", "value"),
                    // "/" is SenML's dimensionless ratio: the honest unit of a value that measures nothing.
                    unit("unit", "SenML unit symbol, e.g. Cel, m3, kWh; / is a dimensionless value.", "/"),
                    new ChoiceSetting(opt("waveform"), "sine wanders around base; counter only grows, like a meter.",
                            "sine", List.of("sine", "counter")),
                    DecimalSetting.of(opt("base"), "Centre of the sine, or the counter's starting total.", "0", "-1000000000", "1000000000"),
                    DecimalSetting.of(opt("amplitude"), "Sine amplitude, or the counter's mean step per read.", "1", "0", "1000000000"),
                    IntSetting.of(opt("period"), "Sine period in reads.", 60, 1, 1_000_000),
                    IntSetting.of(opt("decimals"), "Decimal places of each value.", 2, 0, 9),
                    IntSetting.of(opt("seed"), "Noise seed; same seed, same series.", 1, 0, Integer.MAX_VALUE),
                    IntSetting.of(opt("failEvery"), "Every n-th read fails (0 = never), to exercise failure handling.", 0, 0, 1_000_000))),
            i2c("bme280", "Bosch BME280 temperature, humidity, pressure", 0x76, 0x76, 0x77, false, List.of()),
            i2c("sht3x", "Sensirion SHT3x temperature, humidity", 0x44, 0x44, 0x45, false, List.of()),
            i2c("ads1115", "TI ADS1115 4-channel 16-bit ADC", 0x48, 0x48, 0x4b, true, List.of(
                    IntSetting.of(opt("channel"), "ADS1115 input AIN0..AIN3 this sensor reads.", 0, 0, 3),
                    new ChoiceSetting(opt("fullScale"), "ADS1115 full-scale range in volts (the PGA gain).", "2.048",
                            List.of("6.144", "4.096", "2.048", "1.024", "0.512", "0.256")),
                    new ChoiceSetting(opt("dataRate"), "ADS1115 conversions per second; slower is quieter.", "128",
                            List.of("8", "16", "32", "64", "128", "250", "475", "860")),
                    DecimalSetting.of(opt("loop.shuntOhms"), "4-20 mA loop: shunt resistor in ohms; 0 = no loop, report volts.",
                            "0", "0", "10000"),
                    new TextSetting(opt("loop.quantity"), "4-20 mA loop: what the transmitter measures, e.g. water.level. Required with a shunt.",
                            "", "empty, or " + NAME_RANGE, emptyOr(DriverSpec::quantityProblem)),
                    new TextSetting(opt("loop.unit"), "4-20 mA loop: SenML unit of the value, e.g. m, hPa. Required with a shunt.",
                            "", "empty, or a SenML unit symbol", emptyOr(DriverSpec::unitProblem)),
                    DecimalSetting.of(opt("loop.atMin"), "4-20 mA loop: the value at 4 mA.", "0", "-1000000000", "1000000000"),
                    DecimalSetting.of(opt("loop.atMax"), "4-20 mA loop: the value at 20 mA.", "100", "-1000000000", "1000000000"),
                    IntSetting.of(opt("loop.decimals"), "4-20 mA loop: decimal places, to match the transmitter's accuracy.", 3, 0, 9))),
            new DriverSpec("mcp3008", Wiring.SPI, "Microchip MCP3008 8-channel 10-bit ADC", 0, 0, 0, null, true, List.of(
                    IntSetting.of(opt("channel"), "MCP3008 input CH0..CH7 this sensor reads.", 0, 0, 7),
                    DecimalSetting.of(opt("vref"), "MCP3008 reference voltage in volts.", "3.3", "0.1", "5.5"),
                    new ChoiceSetting(opt("input"), "single: channel against AGND; differential: the pair of datasheet table 5-2.",
                            "single", List.of("single", "differential")))),
            new DriverSpec("ds18b20", Wiring.ONE_WIRE, "Maxim DS18B20 1-Wire thermometer", 0, 0, 0, "28", false, List.of()),
            plain("pulse", Wiring.GPIO, "pulse counter for water, gas and energy meters", List.of(
                    new ChoiceSetting(opt("edge"), "Pulse edge that counts.", "falling", List.of("falling", "rising", "both")),
                    DurationSetting.of(opt("debounce"), "Ignore edges closer together than this (contact bounce).", "10ms", "0ms", "1s"),
                    new ChoiceSetting(opt("pull"), "The pin's internal resistor; up for reed contacts and open collectors to GND.",
                            "up", List.of("up", "down", "off")),
                    DecimalSetting.of(opt("unitsPerPulse"), "Meter units per pulse, e.g. 0.01 (m3, 10 L/pulse), 0.001 (kWh, 1000 imp/kWh).",
                            "1", "0.000001", "1000000"),
                    DecimalSetting.of(opt("startTotal"), "The meter's index when counting began, so totals match its register.",
                            "0", "0", "1000000000"),
                    quantity("quantity", "What the total measures, e.g. water.volume, energy.", "pulses"),
                    unit("unit", "SenML unit of the total, e.g. m3, kWh; count for raw pulses.", "count"),
                    IntSetting.of(opt("decimals"), "Decimal places of the total and the rate.", 0, 0, 9),
                    new TextSetting(opt("rate.quantity"), "Also report a rate under this name, e.g. water.flow; empty = total only.",
                            "", "empty, or " + NAME_RANGE, emptyOr(DriverSpec::quantityProblem)),
                    new TextSetting(opt("rate.unit"), "SenML unit of the rate, e.g. m3/s, W. Required with rate.quantity.",
                            "", "empty, or a SenML unit symbol", emptyOr(DriverSpec::unitProblem)),
                    DecimalSetting.of(opt("rate.factor"), "Units per second to the rate unit: 1 for m3 to m3/s, 3600000 for kWh to W.",
                            "1", "0.000001", "1000000000"))),
            plain("pms5003", Wiring.SERIAL, "Plantower PMS5003 particulate matter sensor", List.of()),
            plain("coap", Wiring.NETWORK, "a networked sensor over CoAP: it pushes SenML, or the gateway polls or observes it (docs/COAP.md)", List.of(
                    new ChoiceSetting(opt("mode"), "push: the sensor POSTs SenML to the gateway (DTLS PSK); poll: the gateway GETs uri every interval; "
                            + "observe: the gateway observes uri (RFC 7641).", "push", List.of("push", "poll", "observe")),
                    new TextSetting(opt("quantity"), "What a text/plain resource measures; SenML resources name it in each record.",
                            "", "empty, or " + NAME_RANGE, emptyOr(DriverSpec::quantityProblem)),
                    new TextSetting(opt("unit"), "SenML unit of a text/plain resource's value. Required with quantity.",
                            "", "empty, or a SenML unit symbol", emptyOr(DriverSpec::unitProblem)),
                    DurationSetting.of(opt("reregister"), "observe: register again when no notification came for this long.",
                            "5m", "10s", "24h"))));

    public static List<String> names() {
        return ALL.stream().map(DriverSpec::name).toList();
    }

    public static Optional<DriverSpec> named(String name) {
        return ALL.stream().filter(d -> d.name.equals(name)).findFirst();
    }

    /** The option names this driver accepts. */
    public List<String> optionKeys() {
        // Everything after "options.": a group prefix such as "loop." stays part of the key.
        return options.stream().map(s -> s.key().substring(OPTIONS.length())).toList();
    }
}
