package cn.bsnedge.ledger.entry;


/**
 * One measurement of one sensor: the leaf the city verifies. Its canonical bytes are defined by
 * FORMAT.md and produced by {@link EntryCodec}.
 *
 * @param sensor   the sensor's city identification code
 * @param seq      per-sensor sequence number, 0..2^63-1, strictly increasing per sensor
 * @param time     when the value was sampled, UTC, with its resolution
 * @param clock    whether the gateway clock was synchronised at that time
 * @param quantity what was measured, e.g. {@code temperature}, {@code water.volume}
 * @param unit     a SenML unit symbol (RFC 8428 / RFC 8798), e.g. {@code Cel}, {@code m3}
 * @param value    the value, exactly as the driver produced it
 */
public record Reading(SensorCode sensor, long seq, Timestamp time, ClockQuality clock,
                      String quantity, String unit, ReadingValue value) implements Entry {

    public Reading {
        if (sensor == null || time == null || clock == null || quantity == null || unit == null || value == null) {
            throw new IllegalArgumentException("reading fields must not be null");
        }
        if (seq < 0) {
            throw new IllegalArgumentException("seq " + seq + " is negative; want 0..2^63-1");
        }
        if (!isQuantity(quantity)) {
            throw new IllegalArgumentException("quantity '" + quantity
                    + "' must be 1..32 of a-z 0-9 _ . - starting with a letter, e.g. temperature");
        }
        if (!SenmlUnits.isRegistered(unit)) {
            throw new IllegalArgumentException("unit '" + unit + "' is not a SenML unit (RFC 8428, RFC 8798), e.g. Cel, Pa, %RH, m3, kWh");
        }
    }

    /**
     * {@code [a-z][a-z0-9_.-]{0,31}}, checked by hand: every reading passes through here, and
     * a regex matcher per reading cost more than the rest of the record.
     */
    static boolean isQuantity(String q) {
        int n = q.length();
        if (n < 1 || n > 32) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = q.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || i > 0 && (c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int type() {
        return EntryCodec.TYPE_READING;
    }
}
