package cn.bsnedge.ledger.entry;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SensorCodeTest {

    /** The rule as FORMAT.md §2.2 writes it; the hand-written validator must agree with it. */
    private static final Pattern REFERENCE =
            Pattern.compile("[0-9]{1,10}(\\.[0-9]{1,10}){0,7}/[A-Za-z0-9][A-Za-z0-9._\\-]{0,95}");

    @Test
    void problem_agreesWithTheReferenceExpression_onRandomAndEdgeInputs() {
        List<String> inputs = new ArrayList<>(List.of("88.1001.31/WTR-0001234", "1/a", "1.2.3.4.5.6.7.8/x", "1.2.3.4.5.6.7.8.9/x",
                "12345678901/x", "1234567890/x", "1..2/x", ".1/x", "1./x", "1/", "/x", "1/-x", "1/x-", "1/x y", "1/x/y",
                "88.1001.31/" + "a".repeat(96), "88.1001.31/" + "a".repeat(97), "", "１/x", "1/é"));
        Random r = new Random(7);
        String alphabet = "0123456789./aZ-_ x";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = r.nextInt(14); n > 0; n--) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            inputs.add(b.toString());
        }
        List<String> disagreements = new ArrayList<>();
        for (String s : inputs) {
            boolean want = s.length() <= SensorCode.MAX_LENGTH && REFERENCE.matcher(s).matches();
            boolean got = SensorCode.problem(s) == null;
            if (want != got) {
                disagreements.add("'" + s + "': reference " + want + ", validator " + got);
            }
        }
        assertEquals(List.of(), disagreements);
    }

    @Test
    void constructor_rejectsWithAMessageNamingThePart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SensorCode.of("88.1001.31-WTR"));
        assertTrue(e.getMessage().contains("no '/'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SensorCode.of("88.x/WTR"));
        assertTrue(e.getMessage().contains("prefix '88.x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SensorCode.of("88/-WTR"));
        assertTrue(e.getMessage().contains("suffix '-WTR'"), e.getMessage());
        assertNull(SensorCode.problem("88.1001.31/WTR-0001234"));
        assertEquals("88.1001.31", SensorCode.of("88.1001.31/WTR-1").prefix());
        assertEquals("WTR-1", SensorCode.of("88.1001.31/WTR-1").suffix());
    }
}
