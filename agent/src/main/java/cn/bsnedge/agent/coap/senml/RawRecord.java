package cn.bsnedge.agent.coap.senml;

/** One record as it was sent, before base fields are applied. Null means "not given". */
record RawRecord(int index, String bn, SenmlNumber bt, String bu, SenmlNumber bv, SenmlNumber bs, Integer bver,
                 String n, String u, SenmlValue value, SenmlNumber s, SenmlNumber t) {

    static final class Builder {
        private final int index;
        String bn;
        SenmlNumber bt;
        String bu;
        SenmlNumber bv;
        SenmlNumber bs;
        Integer bver;
        String n;
        String u;
        SenmlValue value;
        String valueLabel;
        SenmlNumber s;
        SenmlNumber t;

        Builder(int index) {
            this.index = index;
        }

        /** A record carries at most one of v, vs, vb, vd (RFC 8428 §4.2). */
        void value(SenmlValue v, String label) throws SenmlException {
            if (value != null) {
                throw SenmlException.at(index, "has both '" + valueLabel + "' and '" + label + "'; a record carries one value");
            }
            value = v;
            valueLabel = label;
        }

        RawRecord build() {
            return new RawRecord(index, bn, bt, bu, bv, bs, bver, n, u, value, s, t);
        }
    }
}
