package cn.bsnedge.agent.coap.senml;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies base fields to records as RFC 8428 §4.6 says: a base field given in a record holds for
 * that record and every later one until a record gives it again. Name = bn + n, time = bt + t,
 * unit = u or else bu, numeric value = bv + v, sum = bs + s. Then each resolved record is
 * checked: its name against §4.5.1, its time against the ranges this gateway can place.
 *
 * <p>A record made only of base fields (no name, value or sum of its own) sets bases and yields
 * nothing. A record with a name but neither value nor sum is refused: there is nothing to record.
 */
final class SenmlResolver {

    /** RFC 8428's version; a pack declaring a later one may use fields this gateway misreads. */
    static final int VERSION = 10;

    /** Times further in the past than this (2^28 s, about 8.5 years) are refused rather than guessed at. */
    private static final BigDecimal OLDEST_RELATIVE = SenmlTime.ABSOLUTE_FROM.negate();
    /** 9999-12-31T23:59:59Z: the last second every consumer of the chain can represent. */
    private static final BigDecimal LATEST_ABSOLUTE = BigDecimal.valueOf(253_402_300_799L);

    private SenmlResolver() {
    }

    static List<SenmlRecord> resolve(List<RawRecord> raw) throws SenmlException {
        String bn = "";
        SenmlNumber bt = null;
        String bu = null;
        SenmlNumber bv = null;
        SenmlNumber bs = null;
        List<SenmlRecord> out = new ArrayList<>(raw.size());
        for (RawRecord r : raw) {
            if (r.bver() != null && r.bver() > VERSION) {
                throw SenmlException.at(r.index(), "'bver' " + r.bver() + " is newer than SenML version " + VERSION
                        + " (RFC 8428), which this gateway reads");
            }
            bn = r.bn() != null ? r.bn() : bn;
            bt = r.bt() != null ? r.bt() : bt;
            bu = r.bu() != null ? r.bu() : bu;
            bv = r.bv() != null ? r.bv() : bv;
            bs = r.bs() != null ? r.bs() : bs;
            if (r.n() == null && r.value() == null && r.s() == null && r.t() == null && r.u() == null) {
                continue; // base fields only
            }
            String name = bn + (r.n() == null ? "" : r.n());
            String problem = nameProblem(name);
            if (problem != null) {
                throw SenmlException.at(r.index(), "name '" + name + "' " + problem);
            }
            if (r.value() == null && r.s() == null) {
                throw SenmlException.at(r.index(), "'" + name + "' has no value (v, vs, vb, vd) and no sum (s)");
            }
            SenmlValue value = r.value();
            if (value instanceof SenmlValue.Numeric(SenmlNumber v) && bv != null) {
                value = new SenmlValue.Numeric(bv.plus(v));
            }
            SenmlNumber sum = r.s() == null ? null : bs == null ? r.s() : bs.plus(r.s());
            SenmlTime time = time(r.index(), bt, r.t());
            String unit = r.u() != null ? r.u() : bu;
            out.add(new SenmlRecord(name, Optional.ofNullable(unit), Optional.ofNullable(value), Optional.ofNullable(sum), time));
        }
        if (out.isEmpty()) {
            throw new SenmlException("the pack has only base fields; want at least one record with a value or sum");
        }
        return out;
    }

    private static SenmlTime time(int index, SenmlNumber bt, SenmlNumber t) throws SenmlException {
        BigDecimal s = (bt == null ? BigDecimal.ZERO : bt.exact()).add(t == null ? BigDecimal.ZERO : t.exact());
        if (s.compareTo(OLDEST_RELATIVE) < 0) {
            throw SenmlException.at(index, "time " + SenmlPack.show(s) + " s is more than 2^28 s in the past;"
                    + " send an absolute time (seconds since 1970) instead");
        }
        if (s.compareTo(LATEST_ABSOLUTE) > 0) {
            throw SenmlException.at(index, "time " + SenmlPack.show(s) + " s is after the year 9999");
        }
        return new SenmlTime(s);
    }

    /** RFC 8428 §4.5.1: A-Z a-z 0-9 - : . / _, starting with a letter or digit; null when valid. */
    static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "is empty; want a base name, a name, or both (RFC 8428 §4.5.1)";
        }
        if (!alnum(name.charAt(0))) {
            return "must start with a letter or digit (RFC 8428 §4.5.1)";
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!alnum(c) && c != '-' && c != ':' && c != '.' && c != '/' && c != '_') {
                return "has '" + (c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c))
                        + "' at " + i + "; names use only A-Z a-z 0-9 - : . / _ (RFC 8428 §4.5.1)";
            }
        }
        return null;
    }

    private static boolean alnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
