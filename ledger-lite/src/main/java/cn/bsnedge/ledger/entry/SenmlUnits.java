package cn.bsnedge.ledger.entry;

import java.util.Set;

/**
 * The SenML unit symbols a reading may carry: the IANA "SenML Units" registry as created by
 * RFC 8428 §12.1 (Table 6) plus the units RFC 8798 added. Symbols are case-sensitive.
 * Units the registry marks NOT RECOMMENDED (g, l, l/s, 1/min, beat/min, beats, Bspl, deg) are
 * still accepted because sensors in the field produce them; new drivers should not.
 */
public final class SenmlUnits {

    private static final Set<String> UNITS = Set.of(
            // RFC 8428 Table 6
            "m", "kg", "g", "s", "A", "K", "cd", "mol", "Hz", "rad", "sr", "N", "Pa", "J", "W", "C",
            "V", "F", "Ohm", "S", "Wb", "T", "H", "Cel", "lm", "lx", "Bq", "Gy", "Sv", "kat", "m2",
            "m3", "l", "m/s", "m/s2", "m3/s", "l/s", "W/m2", "cd/m2", "bit", "bit/s", "lat", "lon",
            "pH", "dB", "dBW", "Bspl", "count", "/", "%", "%RH", "%EL", "EL", "1/s", "1/min",
            "beat/min", "beats", "S/m", "B", "VA", "VAs", "var", "vars", "J/m", "kg/m3", "deg",
            // RFC 8798 Table 1
            "ms", "min", "h", "MHz", "kW", "kVA", "kvar", "Ah", "Wh", "kWh", "varh", "kvarh", "kVAh",
            "Wh/km", "KiB", "GB", "Mbit/s", "B/s", "MB/s", "mV", "mA", "dBm", "ug/m3", "mm/h", "m/h",
            "ppm", "/100", "/1000", "hPa", "mm", "cm", "km", "km/h");

    private SenmlUnits() {
    }

    public static boolean isRegistered(String unit) {
        return UNITS.contains(unit);
    }
}
