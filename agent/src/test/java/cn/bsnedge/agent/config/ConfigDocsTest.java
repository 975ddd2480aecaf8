package cn.bsnedge.agent.config;

import cn.bsnedge.agent.cli.Cli;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/CONFIG.md is checked against {@link ConfigSchema}: every key with its default and range,
 * and the example file verbatim. On failure the expected table rows are printed, ready to paste.
 */
class ConfigDocsTest {

    private static final Path DOC = Path.of("../docs/CONFIG.md");

    /** The table row CONFIG.md must carry for {@code s}. */
    static String row(Setting<?> s) {
        return "| `" + s.key() + "` | `" + s.defaultText() + "` | `" + s.rangeText() + "` | " + s.description() + " |";
    }

    @Test
    void configMd_listsEveryKeyWithItsDefaultAndRange() throws Exception {
        List<String> lines = Files.readAllLines(DOC);
        List<String> missing = new ArrayList<>();
        for (Setting<?> s : ConfigSchema.all()) {
            String head = "| `" + s.key() + "` | `" + s.defaultText() + "` | `" + s.rangeText() + "` |";
            if (lines.stream().noneMatch(l -> l.startsWith(head))) {
                missing.add(row(s));
            }
        }
        assertEquals(List.of(), missing, "docs/CONFIG.md lacks (or has a stale default/range for) these rows:\n"
                + String.join("\n", missing));
    }

    @Test
    void configMd_carriesTheShippedExampleVerbatim() throws Exception {
        String doc = Files.readString(DOC);
        assertTrue(doc.contains("```yaml\n" + ConfigLoaderTest.example() + "```\n"),
                "docs/CONFIG.md must quote agent/src/main/resources/gateway.example.yaml in a ```yaml block");
    }

    @Test
    void configMd_namesEveryDriver() throws Exception {
        String doc = Files.readString(DOC);
        for (DriverSpec d : DriverSpec.ALL) {
            assertTrue(doc.contains("| `" + d.name() + "` |"), "no row for driver " + d.name());
        }
    }

    @Test
    void configCheck_validFile_exit0AndOneLineSummary() {
        Cli.Result r = Cli.run("config", "check", "--config", "src/main/resources/gateway.example.yaml");
        assertEquals(0, r.code(), r.transcript());
        assertEquals("OK    src/main/resources/gateway.example.yaml: gateway 88.1001.31/GW-0001, 11 sensors (10 active)\n",
                r.out(), r.transcript());
    }

    @Test
    void configCheck_invalidFile_exit2AndEveryProblemOnALine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("gateway.yaml");
        Files.writeString(f, "gateway: {id: 88.1001.31/GW-0001}\nsealing:\n  maxAge: 2h\n  maxReadngs: 5\n");
        Cli.Result r = Cli.run("config", "check", "--config", f.toString());
        assertEquals(2, r.code(), r.transcript());
        assertEquals("config " + f + ":3 sealing.maxAge: 2h is outside 1s..1h\n"
                + "config " + f + ":4 sealing.maxReadngs: unknown key; did you mean `maxReadings`?\n"
                + "FAIL  " + f + ": 2 problems\n", r.out(), r.transcript());
    }

    @Test
    void configCheck_help_teachesWhatIsCheckedWithAnExample() {
        Cli.Result r = Cli.run("config", "check", "--help");
        assertEquals(0, r.code(), r.transcript());
        assertTrue(r.out().contains("no two active sensors share an I2C bus+address"), r.out());
        assertTrue(r.out().contains("bsn-edge config check --config /etc/bsn-edge/gateway.yaml"), r.out());
        assertTrue(r.out().contains("default: /etc/bsn-edge/gateway.yaml"), r.out());
    }
}
