package cn.bsnedge.drivers;

/**
 * SenML unit symbols the drivers emit: RFC 8428 section 12.1, plus the secondary units
 * registered by RFC 8798 ({@code hPa}, {@code mA}, {@code kWh}, {@code ug/m3}, {@code mV}).
 * Only symbols from those registries go into a {@link Measurement}, so a reading means the same
 * thing to every SenML consumer.
 */
public final class SenmlUnits {
    public static final String CELSIUS = "Cel";
    public static final String RELATIVE_HUMIDITY = "%RH";
    public static final String PASCAL = "Pa";
    public static final String HECTOPASCAL = "hPa";
    public static final String VOLT = "V";
    public static final String MILLIVOLT = "mV";
    public static final String MILLIAMPERE = "mA";
    public static final String METRE = "m";
    public static final String CUBIC_METRE = "m3";
    public static final String LITRE = "l";
    public static final String KILOWATT_HOUR = "kWh";
    public static final String MICROGRAM_PER_CUBIC_METRE = "ug/m3";
    public static final String COUNT = "count";
    public static final String PER_SECOND = "1/s";
    public static final String CUBIC_METRE_PER_SECOND = "m3/s";
    public static final String WATT = "W";

    private SenmlUnits() {
    }
}
