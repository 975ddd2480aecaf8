package cn.bsnedge.ledger.entry;

import java.math.BigDecimal;

/**
 * A measured value that round-trips exactly through FORMAT.md. Meters and most sensors report
 * decimals at a fixed resolution (12.345 m3, 21.37 Cel): {@link Decimal} keeps those digits
 * exactly, trailing zeros included, because a trailing zero states precision. {@link Float64}
 * carries values that are binary floating point at the source, bit for bit.
 */
public sealed interface ReadingValue {

    int TYPE_DECIMAL = 0x01;
    int TYPE_FLOAT64 = 0x02;

    /** The value as text: plain decimal notation for {@link Decimal}, Java's shortest repr for {@link Float64}. */
    String text();

    /** The FORMAT.md value-type byte. */
    int type();

    /** value = unscaled × 10^-scale, scale in -128..127. */
    record Decimal(long unscaled, int scale) implements ReadingValue {
        public Decimal {
            if (scale < -128 || scale > 127) {
                throw new IllegalArgumentException("decimal scale " + scale + " is outside -128..127");
            }
        }

        /** Exact conversion; fails when the digits do not fit a signed 64-bit integer. */
        public static Decimal of(BigDecimal value) {
            try {
                return new Decimal(value.unscaledValue().longValueExact(), value.scale());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("decimal " + value + " has more digits than a signed 64-bit integer holds");
            }
        }

        public static Decimal parse(String text) {
            try {
                return of(new BigDecimal(text));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a decimal number");
            }
        }

        public BigDecimal toBigDecimal() {
            return BigDecimal.valueOf(unscaled, scale);
        }

        @Override
        public String text() {
            return toBigDecimal().toPlainString();
        }

        @Override
        public int type() {
            return TYPE_DECIMAL;
        }
    }

    /** A finite IEEE 754 binary64 value; NaN and infinities are not measurements. */
    record Float64(double value) implements ReadingValue {
        public Float64 {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("value " + value + " is not finite");
            }
        }

        @Override
        public String text() {
            return Double.toString(value);
        }

        @Override
        public int type() {
            return TYPE_FLOAT64;
        }

        /** Equality on the bits, so -0.0 and 0.0 stay distinct as they do on the wire. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Float64 f && Double.doubleToRawLongBits(f.value) == Double.doubleToRawLongBits(value);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(Double.doubleToRawLongBits(value));
        }
    }
}
