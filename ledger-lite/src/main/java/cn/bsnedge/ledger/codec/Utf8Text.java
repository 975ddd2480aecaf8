package cn.bsnedge.ledger.codec;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * The content rules of FORMAT.md's {@code utf8_16} text: well-formed UTF-8, Unicode NFC, no
 * control characters, a byte-length range. Names, descriptions and reasons are free text (a
 * Chinese street name, an engineer's name), but they are signed, so each must have exactly
 * one byte form: NFC fixes the form of composed characters ("é" is always U+00E9, never
 * e + U+0301), and banning controls keeps a signed description from hiding line breaks or
 * terminal escapes from whoever reads it back.
 */
public final class Utf8Text {

    /** Largest byte length a u16 prefix can state. */
    public static final int MAX_BYTES = 0xffff;

    private Utf8Text() {
    }

    /** UTF-8 byte length of {@code s} (unpaired surrogates are rejected by {@link #problem} first). */
    public static int byteLength(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Why {@code s} is not valid text of {@code minBytes..maxBytes} UTF-8 bytes, or null when it is. */
    public static String problem(String s, int minBytes, int maxBytes) {
        if (s == null) {
            return "is missing";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format("has an unpaired surrogate U+%04X at character %d; want well-formed Unicode", (int) c, i);
            }
        }
        int control = firstControl(s);
        if (control >= 0) {
            return String.format("has control character U+%04X at character %d; want printable text (no tabs or line breaks)",
                    s.codePointAt(control), control);
        }
        if (!Normalizer.isNormalized(s, Normalizer.Form.NFC)) {
            return "is not in Unicode NFC; normalise it first (java.text.Normalizer.normalize(s, NFC))";
        }
        int n = byteLength(s);
        if (n < minBytes || n > maxBytes) {
            return "is " + n + " UTF-8 bytes; want " + minBytes + ".." + maxBytes;
        }
        return null;
    }

    /** Index of the first C0/C1 control character or DEL (Unicode category Cc), or -1. */
    static int firstControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.getType(s.charAt(i)) == Character.CONTROL) {
                return i;
            }
        }
        return -1;
    }

    /** {@code s} NFC-normalised: what callers taking text from people should pass in. */
    public static String normalize(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFC);
    }
}
