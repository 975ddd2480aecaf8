package cn.bsnedge.agent.config;

import cn.bsnedge.agent.config.Setting.ChoiceSetting;
import cn.bsnedge.agent.config.Setting.DateSetting;
import cn.bsnedge.agent.config.Setting.DecimalSetting;
import cn.bsnedge.agent.config.Setting.DurationSetting;
import cn.bsnedge.agent.config.Setting.IntSetting;
import cn.bsnedge.agent.config.Setting.TextSetting;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.entry.SensorCode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every setting of {@code gateway.yaml}: key, meaning, default and valid range, in one place.
 * {@code docs/CONFIG.md} is checked against {@link #all()} by a test.
 */
public final class ConfigSchema {

    private ConfigSchema() {
    }

    public static final String DEFAULT_FILE = "/etc/bsn-edge/gateway.yaml";

    public static final TextSetting GATEWAY_ID = new TextSetting("gateway.id",
            "The gateway's identification code, prefix/suffix like a sensor's; it signs every block.",
            null, "prefix/suffix, e.g. 88.1001.31/GW-0001", SensorCode::problem);
    public static final ChoiceSetting GATEWAY_SUITE = new ChoiceSetting("gateway.suite",
            "Signature and hash suite of the gateway key and its blocks. Fixed once the store exists.",
            CryptoSuite.ED25519_SHA256.label(), Arrays.stream(CryptoSuite.values()).map(CryptoSuite::label).toList());
    public static final TextSetting GATEWAY_DATA_DIR = new TextSetting("gateway.dataDir",
            "Directory holding the block store and the gateway key.",
            "/var/lib/bsn-edge", "an absolute path",
            v -> v.startsWith("/") ? null : "is not an absolute path; want e.g. /var/lib/bsn-edge");

    public static final IntSetting SEALING_MAX_READINGS = IntSetting.of("sealing.maxReadings",
            "Seal a block once it holds this many readings.", 1000, 1, 100_000);
    public static final DurationSetting SEALING_MAX_AGE = DurationSetting.of("sealing.maxAge",
            "Seal a block once its oldest reading is this old, even if not full: the longest a reading waits to become durable.",
            "60s", "1s", "1h");
    public static final IntSetting SEALING_QUEUE_CAPACITY = IntSetting.of("sealing.queueCapacity",
            "Readings waiting for the store before sampling applies backpressure and counts drops; bounds memory.",
            10_000, 10, 1_000_000);

    public static final ChoiceSetting CLOCK_SOURCE = new ChoiceSetting("clock.source",
            "Where each reading's clock quality (synced or unsynced) comes from: kernel = adjtimex, "
                    + "systemd = timedatectl's NTPSynchronized, none = always unsynced.",
            "kernel", List.of("kernel", "systemd", "none"));

    public static final TextSetting SENSOR_CODE = new TextSetting("sensors[].code",
            "The sensor's city identification code: the city's prefix, the engineer's suffix. Unique per gateway.",
            null, "prefix/suffix, e.g. 88.1001.31/WTR-0001234", SensorCode::problem);
    public static final ChoiceSetting SENSOR_DRIVER = new ChoiceSetting("sensors[].driver",
            "The driver that reads the sensor; it decides which bus keys apply (see Drivers).",
            null, DriverSpec.names());
    public static final IntSetting SENSOR_BUS = new IntSetting("sensors[].bus",
            "I2C or SPI bus number: /dev/i2c-N, /dev/spidevN.C. I2C and SPI drivers only.", null, 0, 31,
            false, "1 (I2C), 0 (SPI)");
    public static final IntSetting SENSOR_ADDRESS = new IntSetting("sensors[].address",
            "7-bit I2C address. I2C drivers only; each driver narrows it to its chip's addresses (see Drivers).",
            null, 0x03, 0x77, true, "the chip's factory address");
    public static final IntSetting SENSOR_CHIP_SELECT = IntSetting.of("sensors[].chipSelect",
            "SPI chip select (CE line). SPI drivers only.", 0, 0, 2);
    public static final IntSetting SENSOR_PIN = IntSetting.of("sensors[].pin",
            "GPIO input pin, BCM numbering. GPIO drivers only.", null, 0, 27);
    public static final TextSetting SENSOR_DEVICE = new TextSetting("sensors[].device",
            "Serial port device. Serial drivers only.", "/dev/serial0", "a path under /dev/",
            v -> v.startsWith("/dev/") && v.length() > 5 ? null : "is not a device path; want e.g. /dev/serial0 or /dev/ttyUSB0");
    public static final TextSetting SENSOR_ROM = new TextSetting("sensors[].rom",
            "1-Wire ROM id as under /sys/bus/w1/devices: family-serial in lower-case hex. 1-Wire drivers only.",
            null, "ff-xxxxxxxxxxxx (hex), e.g. 28-0316a2791aff",
            v -> v.matches("[0-9a-f]{2}-[0-9a-f]{12}") ? null
                    : "is not a 1-Wire ROM id; want 2 hex digits, '-', 12 hex digits (lower case), e.g. 28-0316a2791aff");
    public static final TextSetting SENSOR_URI = new TextSetting("sensors[].uri",
            "CoAP resource the gateway reads: coap://HOST[:PORT]/PATH. coap driver in poll or observe mode only; leave out for push.",
            "", "empty, or coap://HOST[:PORT]/PATH", CoapSection::uriProblem);
    public static final DurationSetting SENSOR_INTERVAL = DurationSetting.of("sensors[].interval",
            "How often the sensor is read, on a fixed timeline.", "1s", "100ms", "24h");
    public static final ChoiceSetting SENSOR_STATUS = new ChoiceSetting("sensors[].status",
            "Retired sensors are kept for the record but never read; their bus address may be reused.",
            "active", List.of("active", "retired"));
    public static final TextSetting SENSOR_ENGINEER = new TextSetting("sensors[].engineer",
            "Name or staff id of the engineer responsible for the sensor.", "", "up to 64 characters",
            ConfigSchema::shortText);

    public static final TextSetting SENSOR_NOTE = new TextSetting("sensors[].note",
            "Why the sensor's latest change was made (a recalibration, a retirement), e.g. 'annual check, ticket 4411'. "
                    + "Sealed as that registry entry's reason.", "", "up to 200 characters",
            v -> v.length() <= 200 ? null : "is " + v.length() + " characters; at most 200 allowed");

    public static final DecimalSetting LOCATION_LAT = DecimalSetting.of("sensors[].location.lat",
            "Latitude, WGS 84 degrees. Required when location is given.", null, "-90", "90");
    public static final DecimalSetting LOCATION_LON = DecimalSetting.of("sensors[].location.lon",
            "Longitude, WGS 84 degrees. Required when location is given.", null, "-180", "180");
    public static final TextSetting LOCATION_DESCRIPTION = new TextSetting("sensors[].location.description",
            "Where to find it, e.g. 'pump house 3, north wall'.", "", "up to 200 characters",
            v -> v.length() <= 200 ? null : "is " + v.length() + " characters; at most 200 allowed");

    public static final DecimalSetting CALIBRATION_OFFSET = DecimalSetting.of("sensors[].calibration.offset",
            "Added after scaling: value × scale + offset.", "0", "-1000000", "1000000");
    public static final DecimalSetting CALIBRATION_SCALE = DecimalSetting.of("sensors[].calibration.scale",
            "Multiplies the raw value.", "1", "0.000001", "1000000");
    public static final TextSetting CALIBRATION_BY = new TextSetting("sensors[].calibration.by",
            "Who calibrated it (name or staff id). Required when calibration is given.", null, "1 to 64 characters",
            v -> v.isBlank() ? "is blank; name who calibrated the sensor" : shortText(v));
    public static final DateSetting CALIBRATION_AT = new DateSetting("sensors[].calibration.at",
            "When it was calibrated. Required when calibration is given.");

    private static String shortText(String v) {
        return v.length() <= 64 ? null : "is " + v.length() + " characters; at most 64 allowed";
    }

    /** Every setting, driver options included, in documentation order. */
    public static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>(List.of(GATEWAY_ID, GATEWAY_SUITE, GATEWAY_DATA_DIR,
                SEALING_MAX_READINGS, SEALING_MAX_AGE, SEALING_QUEUE_CAPACITY, CLOCK_SOURCE,
                SENSOR_CODE, SENSOR_DRIVER, SENSOR_BUS, SENSOR_ADDRESS, SENSOR_CHIP_SELECT, SENSOR_PIN,
                SENSOR_DEVICE, SENSOR_ROM, SENSOR_URI, SENSOR_INTERVAL, SENSOR_STATUS, SENSOR_ENGINEER, SENSOR_NOTE,
                LOCATION_LAT, LOCATION_LON, LOCATION_DESCRIPTION,
                CALIBRATION_OFFSET, CALIBRATION_SCALE, CALIBRATION_BY, CALIBRATION_AT));
        all.addAll(CoapSection.SETTINGS);
        all.addAll(MqttSection.SETTINGS);
        DriverSpec.ALL.stream().flatMap(d -> d.options().stream()).forEach(all::add);
        return List.copyOf(all);
    }

    /** The keys valid at one level, e.g. {@code keysUnder("sealing.")} → maxReadings, maxAge, queueCapacity. */
    static List<String> keysUnder(String prefix) {
        return Stream.of(GATEWAY_ID, GATEWAY_SUITE, GATEWAY_DATA_DIR, SEALING_MAX_READINGS, SEALING_MAX_AGE,
                        SEALING_QUEUE_CAPACITY, CLOCK_SOURCE, LOCATION_LAT, LOCATION_LON, LOCATION_DESCRIPTION,
                        CALIBRATION_OFFSET, CALIBRATION_SCALE, CALIBRATION_BY, CALIBRATION_AT)
                .map(Setting::key).filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length())).toList();
    }
}
