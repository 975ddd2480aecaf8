package cn.bsnedge.ledger.anchor;

import cn.bsnedge.ledger.codec.ByteReader;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.SensorCode;

import java.util.Arrays;

/**
 * Reading and checking the fields the protocol's statements and messages share: version,
 * suite, identification codes, clock quality, times. Shared with {@code protocol}; every error
 * names the field and offset like the rest of the codec.
 */
public final class Fields {

    private Fields() {
    }

    /** The statement or message version byte; anything but {@code want} is an error. */
    public static void version(ByteReader in, String field, int want) throws FormatException {
        int at = in.position();
        int v = in.u8(field);
        if (v != want) {
            throw new FormatException(field, at, "version " + v + " is not supported; want " + want);
        }
    }

    public static CryptoSuite suite(ByteReader in, String field) throws FormatException {
        int at = in.position();
        int id = in.u8(field);
        try {
            return CryptoSuite.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new FormatException(field, at, e.getMessage());
        }
    }

    /** A gateway or node identification code (FORMAT.md §2.2) as {@code str8}. */
    public static String code(ByteReader in, String field) throws FormatException {
        int at = in.position();
        String code = in.ascii8(field, 1, SensorCode.MAX_LENGTH);
        String problem = SensorCode.problem(code);
        if (problem != null) {
            throw new FormatException(field, at, "'" + code + "' " + problem);
        }
        return code;
    }

    public static ClockQuality clock(ByteReader in, String field) throws FormatException {
        int at = in.position();
        int code = in.u8(field);
        try {
            return ClockQuality.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw new FormatException(field, at, e.getMessage());
        }
    }

    /** Milliseconds since the epoch, UTC, non-negative. */
    public static long millis(ByteReader in, String field) throws FormatException {
        int at = in.position();
        long v = in.i64(field);
        if (v < 0) {
            throw new FormatException(field, at, "time " + v + " ms is before 1970; want a non-negative count of ms since the epoch");
        }
        return v;
    }

    /** A tree size: 1..2^63-1. */
    public static long treeSize(ByteReader in, String field) throws FormatException {
        int at = in.position();
        long v = in.u63(field);
        if (v < 1) {
            throw new FormatException(field, at, "tree size 0; a tree head covers at least one block");
        }
        return v;
    }

    /** Constructor check for an identification code. */
    public static String requireCode(String code, String what) {
        String problem = SensorCode.problem(code);
        if (problem != null) {
            throw new IllegalArgumentException(what + " '" + code + "' " + problem);
        }
        return code;
    }

    /** Constructor check for a hash of the suite's length; returns a copy. */
    public static byte[] requireHash(byte[] hash, CryptoSuite suite, String what) {
        if (hash == null || hash.length != suite.hash().size()) {
            throw new IllegalArgumentException(what + " must be " + suite.hash().size() + " bytes for " + suite.label()
                    + (hash == null ? ", got none" : ", got " + hash.length));
        }
        return hash.clone();
    }

    public static long requireMillis(long millis, String what) {
        if (millis < 0) {
            throw new IllegalArgumentException(what + " " + millis + " ms is before 1970");
        }
        return millis;
    }

    static boolean allZero(byte[] b) {
        return Arrays.equals(b, new byte[b.length]);
    }
}
