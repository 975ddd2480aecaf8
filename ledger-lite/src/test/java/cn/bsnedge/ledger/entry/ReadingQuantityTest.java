package cn.bsnedge.ledger.entry;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written quantity check accepts exactly what FORMAT.md's pattern accepts. */
class ReadingQuantityTest {

    /** FORMAT.md's quantity pattern (the reading table), as a regex: the reference the fast check must match. */
    private static final Pattern SPEC = Pattern.compile("[a-z][a-z0-9_.\\-]{0,31}");

    @Test
    void agreesWithTheSpecPattern_onEdgeCases() {
        for (String q : new String[] {"", "t", "temperature", "water.volume", "pm2_5", "a-b", "a" + "b".repeat(31),
                "a" + "b".repeat(32), "Temperature", "1abc", "_x", ".x", "-x", "tempé", "temp erature", "temp/x", "a\u0000"}) {
            assertEquals(SPEC.matcher(q).matches(), Reading.isQuantity(q), "'" + q + "'");
        }
        assertTrue(Reading.isQuantity("a" + "b".repeat(31)), "32 characters is the maximum");
        assertFalse(Reading.isQuantity("a" + "b".repeat(32)), "33 is one too many");
    }

    @Test
    void agreesWithTheSpecPattern_onRandomStrings() {
        // Mostly allowed characters, some just outside the ranges (` { / : @ [ A Z é), lengths 0..34.
        String alphabet = "abyz09_.-`{/:@[AZé ";
        SplittableRandom random = new SplittableRandom(20261122);
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            int n = random.nextInt(35);
            StringBuilder b = new StringBuilder(n);
            for (int j = 0; j < n; j++) {
                b.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : alphabet.charAt(random.nextInt(9)));
            }
            String q = b.toString();
            boolean spec = SPEC.matcher(q).matches();
            assertEquals(spec, Reading.isQuantity(q), "'" + q + "'");
            accepted += spec ? 1 : 0;
        }
        assertTrue(accepted > 1_000, "the random strings must exercise acceptance too: " + accepted);
    }

    @Test
    void readingNamesTheBadQuantity() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new Reading(
                SensorCode.of("88.1001.31/TMP-0001"), 1, Timestamp.of(java.time.Instant.EPOCH, TimeResolution.MILLISECONDS),
                ClockQuality.SYNCED, "Temp", "Cel", ReadingValue.Decimal.parse("1.5")));
        assertTrue(e.getMessage().contains("quantity 'Temp'"), e.getMessage());
    }
}
