package cn.bsnedge.agent.coap;

import cn.bsnedge.agent.coap.senml.SenmlException;
import cn.bsnedge.agent.coap.senml.SenmlNumber;
import cn.bsnedge.agent.coap.senml.SenmlRecord;
import cn.bsnedge.agent.coap.senml.SenmlTime;
import cn.bsnedge.agent.coap.senml.SenmlValue;
import cn.bsnedge.agent.pipeline.PushedReadings;
import cn.bsnedge.agent.pipeline.PushedReadings.When;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.entry.SenmlUnits;
import cn.bsnedge.ledger.entry.SensorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns resolved SenML records into one sensor's readings (docs/COAP.md, "Names").
 *
 * <p><b>Name → code.</b> A record's resolved name is {@code CODE/QUANTITY}: the sensor's
 * identification code, a slash, and what was measured, e.g.
 * {@code 88.1001.31/TMP-0001/temperature}. A code is {@code prefix/suffix} and a suffix has no
 * slash (docs/IDENTITY.md), so the code is everything before the second slash. The usual pack
 * sets {@code "bn": "88.1001.31/TMP-0001/"} once and {@code "n": "temperature"} per record.
 * Every record of a pack must name the same sensor: a pack is one sensor's push.
 *
 * <p><b>Values.</b> {@code v} becomes the reading's value ({@code bv} added); a JSON decimal stays
 * exact, a CBOR float stays binary. A record with only a sum {@code s} records the sum (a meter's
 * total); one with both is refused, as one record cannot become two readings of one quantity.
 * String, boolean and data values are refused: the chain seals numbers. The unit ({@code u} or
 * {@code bu}) must be in the SenML units registry. Relative times must not lie in the future.
 */
public final class SenmlReadings {

    /** Reading's quantity rule (ledger-lite {@code Reading}). */
    private static final Pattern QUANTITY = Pattern.compile("[a-z][a-z0-9_.\\-]{0,31}");

    /** One sensor's values, ready for {@link PushedReadings#push}. */
    public record Push(SensorCode sensor, List<PushedReadings.Value> values) {
    }

    private SenmlReadings() {
    }

    public static Push of(List<SenmlRecord> records) throws SenmlException {
        SensorCode sensor = null;
        List<PushedReadings.Value> values = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            SenmlRecord r = records.get(i);
            String where = "record " + (i + 1) + " ('" + r.name() + "'): ";
            int second = r.name().indexOf('/', r.name().indexOf('/') + 1);
            if (r.name().indexOf('/') < 0 || second < 0) {
                throw new SenmlException(where + "the name is not CODE/QUANTITY; want e.g. bn \"88.1001.31/TMP-0001/\" and n \"temperature\"");
            }
            String code = r.name().substring(0, second);
            String problem = SensorCode.problem(code);
            if (problem != null) {
                throw new SenmlException(where + "sensor code '" + code + "' " + problem);
            }
            SensorCode c = SensorCode.of(code);
            if (sensor != null && !sensor.equals(c)) {
                throw new SenmlException(where + "names sensor " + c + " but record 1 names " + sensor + "; send one pack per sensor");
            }
            sensor = c;
            String quantity = r.name().substring(second + 1);
            if (!QUANTITY.matcher(quantity).matches()) {
                throw new SenmlException(where + "quantity '" + quantity + "' must be 1..32 of a-z 0-9 _ . - starting with a letter, e.g. temperature");
            }
            String unit = r.unit().orElseThrow(() -> new SenmlException(where + "no unit; give u, or bu in this or an earlier record"));
            if (!SenmlUnits.isRegistered(unit)) {
                throw new SenmlException(where + "unit '" + unit + "' is not in the SenML units registry (RFC 8428, RFC 8798); e.g. Cel, %RH, m3, kWh");
            }
            values.add(new PushedReadings.Value(quantity, unit, value(where, r), when(where, r)));
        }
        return new Push(sensor, values);
    }

    private static ReadingValue value(String where, SenmlRecord r) throws SenmlException {
        if (r.value().isPresent() && r.sum().isPresent()) {
            throw new SenmlException(where + "has both a value and a sum; send them as two records with their own names");
        }
        SenmlNumber n;
        if (r.sum().isPresent()) {
            n = r.sum().get();
        } else if (r.value().get() instanceof SenmlValue.Numeric(SenmlNumber v)) {
            n = v;
        } else {
            String kind = switch (r.value().get()) {
                case SenmlValue.Text t -> "a string (vs)";
                case SenmlValue.Bool b -> "a boolean (vb)";
                case SenmlValue.Data d -> "data (vd)";
                case SenmlValue.Numeric x -> "a number";
            };
            throw new SenmlException(where + "the value is " + kind + "; readings are numbers (v or s)");
        }
        try {
            return switch (n) {
                case SenmlNumber.Exact e -> ReadingValue.Decimal.of(e.value());
                case SenmlNumber.Binary b -> new ReadingValue.Float64(b.value());
            };
        } catch (IllegalArgumentException e) {
            throw new SenmlException(where + e.getMessage());
        }
    }

    /** 2200-01-01T00:00:00Z in seconds: a later absolute time is a sensor's bug (and would overflow an Instant's nanos). */
    private static final java.math.BigDecimal LATEST_ABSOLUTE = java.math.BigDecimal.valueOf(7_258_118_400L);

    private static When when(String where, SenmlRecord r) throws SenmlException {
        java.math.BigDecimal seconds = r.time().seconds();
        if (!r.time().relative()) {
            if (seconds.compareTo(LATEST_ABSOLUTE) > 0) {
                throw new SenmlException(where + "time " + seconds.toPlainString() + " is after 2200-01-01; an absolute time is"
                        + " seconds since 1970-01-01 UTC (RFC 8428 section 4.5.3), e.g. 1.7e9");
            }
            return new When.Absolute(r.time().at(java.time.Instant.EPOCH));
        }
        if (seconds.compareTo(SenmlTime.ABSOLUTE_FROM.negate()) < 0) {
            throw new SenmlException(where + "time is " + seconds.toPlainString() + " s from now, more than 2^28 s (8.5 years)"
                    + " in the past; send an absolute time instead");
        }
        if (r.time().seconds().signum() > 0) {
            throw new SenmlException(where + "time is " + r.time().seconds().toPlainString()
                    + " s from now, in the future; a measurement has a time of 0 (now) or below (seconds ago), or an absolute time");
        }
        return new When.Relative(r.time().offset());
    }
}
