package cn.bsnedge.ledger.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/IDENTITY.md's example table states what {@link SensorCode} accepts; this keeps it true. */
class IdentityDocTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([^`]*)` \\| (valid|invalid) \\|");

    private static Path identityMd() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docs").resolve("IDENTITY.md"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no docs/IDENTITY.md above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("docs").resolve("IDENTITY.md");
    }

    @Test
    void identityMdExamples_areValidOrInvalidAsStated() throws IOException {
        List<String> wrong = new ArrayList<>();
        int rows = 0;
        for (String line : Files.readAllLines(identityMd(), StandardCharsets.UTF_8)) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                rows++;
                boolean valid = SensorCode.problem(m.group(1)) == null;
                if (valid != m.group(2).equals("valid")) {
                    wrong.add(m.group(1) + ": doc says " + m.group(2) + ", SensorCode says "
                            + (valid ? "valid" : "invalid (" + SensorCode.problem(m.group(1)) + ")"));
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(rows >= 15, rows + " example rows");
    }
}
