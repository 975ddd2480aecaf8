package cn.bsnedge.agent.coap.senml;

import java.util.HexFormat;

/** The value of a SenML record: one of {@code v}, {@code vs}, {@code vb}, {@code vd} (RFC 8428 §4.2). */
public sealed interface SenmlValue {

    /** {@code v}: a number. */
    record Numeric(SenmlNumber value) implements SenmlValue {
    }

    /** {@code vs}: a string. */
    record Text(String value) implements SenmlValue {
    }

    /** {@code vb}: a boolean. */
    record Bool(boolean value) implements SenmlValue {
    }

    /** {@code vd}: octets (base64url in JSON, a byte string in CBOR). */
    record Data(byte[] value) implements SenmlValue {
        public Data {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && java.util.Arrays.equals(d.value, value);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Data[" + HexFormat.of().formatHex(value) + "]";
        }
    }
}
