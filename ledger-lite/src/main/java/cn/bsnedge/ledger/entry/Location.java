package cn.bsnedge.ledger.entry;

import java.math.BigDecimal;

/**
 * Where a sensor is, as WGS 84 degrees. Decimals, so the digits the engineer surveyed are
 * signed as written (and their count states the survey's precision).
 */
public record Location(ReadingValue.Decimal latitude, ReadingValue.Decimal longitude) {

    private static final BigDecimal LAT = BigDecimal.valueOf(90);
    private static final BigDecimal LON = BigDecimal.valueOf(180);

    public Location {
        if (latitude == null || longitude == null) {
            throw new IllegalArgumentException("latitude and longitude must not be null");
        }
        String p = problemOfLatitude(latitude);
        if (p == null) {
            p = problemOfLongitude(longitude);
        }
        if (p != null) {
            throw new IllegalArgumentException(p);
        }
    }

    public static Location parse(String latitude, String longitude) {
        return new Location(ReadingValue.Decimal.parse(latitude), ReadingValue.Decimal.parse(longitude));
    }

    static String problemOfLatitude(ReadingValue.Decimal d) {
        return d.toBigDecimal().abs().compareTo(LAT) > 0 ? "latitude " + d.text() + " is outside -90..90" : null;
    }

    static String problemOfLongitude(ReadingValue.Decimal d) {
        return d.toBigDecimal().abs().compareTo(LON) > 0 ? "longitude " + d.text() + " is outside -180..180" : null;
    }
}
