package cn.bsnedge.drivers.ds18b20;

import java.util.regex.Pattern;

/**
 * The two-line text of the Linux {@code w1_therm} driver's {@code w1_slave} file:
 * <pre>
 * 72 01 4b 46 7f ff 0e 10 57 : crc=57 YES
 * 72 01 4b 46 7f ff 0e 10 57 t=23125
 * </pre>
 * Line 1: the 9 scratchpad bytes and whether the kernel's CRC over them matched. Line 2: the
 * same bytes and the temperature in m°C.
 */
final class W1SlaveFormat {
    static final Pattern CRC_LINE = Pattern.compile("((?:[0-9a-f]{2} ){9}): crc=([0-9a-f]{2}) (YES|NO)");
    static final Pattern TEMP_LINE = Pattern.compile("(?:[0-9a-f]{2} ){9}t=(-?\\d+)");

    /** The scratchpad's power-on temperature register value: 85 °C (datasheet, memory map). */
    static final int POWER_ON_MILLI_CELSIUS = 85_000;
    static final int MIN_MILLI_CELSIUS = -55_000;
    static final int MAX_MILLI_CELSIUS = 125_000;
    static final String FAMILY_DS18B20 = "28";

    private W1SlaveFormat() {
    }
}
