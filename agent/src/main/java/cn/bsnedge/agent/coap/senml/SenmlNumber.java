package cn.bsnedge.agent.coap.senml;

import java.math.BigDecimal;

/**
 * A SenML number as it arrived: JSON numbers are decimal text and stay exact ({@link Exact});
 * CBOR floats are binary at the source and stay bit for bit ({@link Binary}). Keeping the two
 * apart lets "21.40" reach the chain as the decimal the sensor wrote, not as 21.399999999999999.
 */
public sealed interface SenmlNumber {

    /** The value as an exact decimal (a binary float's exact expansion). */
    BigDecimal exact();

    /** {@code this + other}, as RFC 8428 §4.6 adds base fields; binary if either side is. */
    SenmlNumber plus(SenmlNumber other);

    static SenmlNumber of(BigDecimal v) {
        return new Exact(v);
    }

    static SenmlNumber of(double v) {
        return new Binary(v);
    }

    record Exact(BigDecimal value) implements SenmlNumber {
        @Override
        public BigDecimal exact() {
            return value;
        }

        @Override
        public SenmlNumber plus(SenmlNumber other) {
            return other instanceof Exact e ? new Exact(value.add(e.value)) : new Binary(value.doubleValue() + ((Binary) other).value);
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    record Binary(double value) implements SenmlNumber {
        @Override
        public BigDecimal exact() {
            return new BigDecimal(value);
        }

        @Override
        public SenmlNumber plus(SenmlNumber other) {
            return new Binary(value + (other instanceof Binary b ? b.value : ((Exact) other).value.doubleValue()));
        }

        @Override
        public String toString() {
            return Double.toString(value);
        }
    }
}
