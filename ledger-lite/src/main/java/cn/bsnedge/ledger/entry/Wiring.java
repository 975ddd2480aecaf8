package cn.bsnedge.ledger.entry;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The canonical text form of a sensor's wiring, as a {@link SensorRegistration} signs it.
 * Known kinds have exactly one spelling per wire (decimal bus numbers without leading zeros,
 * lower-case two-digit hex addresses), so two registrations name the same wiring exactly when
 * their texts are equal and a city can compare them without knowing any driver.
 *
 * <ul>
 *   <li>{@code none}: no wiring (a simulated sensor)</li>
 *   <li>{@code i2c:BUS:0xAA}, optionally {@code :chN}: I2C bus, 7-bit address, ADC channel</li>
 *   <li>{@code spi:BUS:CS}, optionally {@code :chN}: SPI bus, chip select, ADC channel</li>
 *   <li>{@code gpio:PIN}: a GPIO line (BCM numbering)</li>
 *   <li>{@code serial:/dev/PATH}: a serial device</li>
 *   <li>{@code w1:FF-SSSSSSSSSSSS}: a 1-Wire ROM id, lower-case hex</li>
 *   <li>{@code coap://…}, {@code coaps://…}: a networked sensor's resource URI</li>
 *   <li>any other {@code kind:detail} with kind {@code [a-z][a-z0-9]{1,15}}: kinds added after
 *       this version, accepted so that older verifiers keep verifying newer gateways; their
 *       detail is compared as bytes</li>
 * </ul>
 */
public final class Wiring {

    public static final int MAX_LENGTH = 255;

    private static final String NUM = "(?:0|[1-9][0-9]?)";
    private static final String CHANNEL = "(?::ch" + NUM + ")?";
    private static final Pattern KNOWN = Pattern.compile(String.join("|",
            "none",
            "i2c:" + NUM + ":0x[0-7][0-9a-f]" + CHANNEL,
            "spi:" + NUM + ":" + NUM + CHANNEL,
            "gpio:(?:0|[1-9][0-9]{0,2})",
            "serial:/dev(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)+",
            "w1:[0-9a-f]{2}-[0-9a-f]{12}",
            "coaps?://[\\x21-\\x7e]+"));
    private static final Pattern KIND = Pattern.compile("([a-z][a-z0-9]{1,15}):[\\x21-\\x7e]+");
    private static final Set<String> KNOWN_KINDS = Set.of("i2c", "spi", "gpio", "serial", "w1", "coap", "coaps");

    private Wiring() {
    }

    /** Why {@code text} is not canonical wiring text, or null when it is. */
    public static String problem(String text) {
        if (text == null || text.isEmpty()) {
            return "is empty; want e.g. i2c:1:0x76, spi:0:1, gpio:17, serial:/dev/ttyAMA0, w1:28-0316a2791aff or none";
        }
        if (text.length() > MAX_LENGTH) {
            return "is " + text.length() + " characters; at most " + MAX_LENGTH + " allowed";
        }
        if (KNOWN.matcher(text).matches()) {
            return null;
        }
        var m = KIND.matcher(text);
        if (m.matches() && !KNOWN_KINDS.contains(m.group(1))) {
            return null;
        }
        return "'" + text + "' is not canonical wiring text; want i2c:BUS:0xAA[:chN] (lower-case hex, no leading zeros), "
                + "spi:BUS:CS[:chN], gpio:PIN, serial:/dev/PATH, w1:ff-xxxxxxxxxxxx, coap://URI, none, or kind:detail";
    }
}
