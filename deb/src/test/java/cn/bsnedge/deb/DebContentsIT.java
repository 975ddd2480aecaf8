package cn.bsnedge.deb;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built .deb as dpkg-deb sees it: control fields, maintainer scripts, conffiles, files and modes. */
class DebContentsIT {

    private static Path deb;
    /** path → "mode owner/group" from dpkg-deb --contents, paths without the leading "." */
    private static final Map<String, String> files = new TreeMap<>();

    @BeforeAll
    static void read() throws Exception {
        Packaged.require("dpkg-deb", "dpkg");
        deb = Packaged.deb();
        for (String line : Packaged.run(List.of("dpkg-deb", "--contents", deb.toString())).ok().out().split("\n")) {
            String[] f = line.trim().split("\\s+");
            // drwxr-xr-x root/root 0 2026-01-01 12:00 ./usr/
            files.put(f[5].substring(1), f[0] + " " + f[1]);
        }
    }

    private static String field(String name) throws Exception {
        return Packaged.run(List.of("dpkg-deb", "--field", deb.toString(), name)).ok().out().strip();
    }

    @Test
    void control_nameArchitectureDepends_andAVersionFromThePom() throws Exception {
        assertEquals("bsn-edge", field("Package"));
        assertEquals("all", field("Architecture"));
        assertTrue(field("Depends").startsWith("openjdk-25-jre-headless | java25-runtime-headless"), field("Depends"));
        String version = field("Version");
        String pom = System.getProperty("bsn.project.version");
        // 0.1.0-SNAPSHOT -> 0.1.0~<build time>: sorts before 0.1.0, after every earlier snapshot.
        String want = pom.endsWith("-SNAPSHOT") ? pom.replace("-SNAPSHOT", "~") + "\\d{14}" : java.util.regex.Pattern.quote(pom);
        assertTrue(version.matches(want), version + " does not match " + want);
        Packaged.run(List.of("dpkg", "--validate-version", version)).ok();
        assertEquals("bsn-edge_" + version + "_all.deb", deb.getFileName().toString());
    }

    @Test
    void info_listsTheMaintainerScriptsAndBothConffiles() throws Exception {
        String info = Packaged.run(List.of("dpkg-deb", "--info", deb.toString())).ok().out();
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertTrue(info.matches("(?s).*\\d+ bytes,\\s+\\d+ lines\\s+\\*\\s+" + script + "\\s+#!/bin/sh.*"), script + " missing or not executable:\n" + info);
        }
        Path x = Files.createTempDirectory("bsn-deb-control");
        Packaged.run(List.of("dpkg-deb", "--control", deb.toString(), x.toString())).ok();
        assertEquals(List.of("/etc/bsn-edge/gateway.yaml", "/etc/default/bsn-edge"), Files.readAllLines(x.resolve("conffiles")));
        Packaged.run(List.of("sh", "-n", x.resolve("postinst").toString())).ok();
        Packaged.run(List.of("sh", "-n", x.resolve("postrm").toString())).ok();
    }

    /** The JVM options a launcher defaults to (or the example sets), as a set of words; group 1 of {@code pattern}. */
    private static java.util.Set<String> jvmOptions(Path file, String pattern) throws Exception {
        var m = java.util.regex.Pattern.compile(pattern).matcher(Files.readString(file));
        assertTrue(m.find(), "no JVM options in " + file);
        return new java.util.TreeSet<>(List.of(m.group(1).trim().split("\\s+")));
    }

    @Test
    void launchers_andTheDefaultsExample_carryTheSameFieldJvmOptions() throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Path devLauncher = repo.resolve("bsn-edge");
        Path debLauncher = repo.resolve("deb/src/deb/data/usr/bin/bsn-edge");
        var dev = jvmOptions(devLauncher, "\\$\\{BSN_EDGE_JAVA_OPTS:-([^}]*)}");
        var field = jvmOptions(debLauncher, "\\$\\{BSN_EDGE_JAVA_OPTS:-([^}]*)}");
        var example = jvmOptions(repo.resolve("deb/src/deb/data/etc/default/bsn-edge"), "#BSN_EDGE_JAVA_OPTS=\"([^\"]*)\"");
        var devPlusExit = new java.util.TreeSet<>(dev);
        devPlusExit.add("-XX:+ExitOnOutOfMemoryError"); // only the service exits for systemd to restart it
        assertEquals(devPlusExit, field, "./bsn-edge and the package's launcher (BENCHMARKS.md section 5 measures the first)");
        assertEquals(field, example, "the commented example in /etc/default/bsn-edge");
        assertTrue(field.contains("-XX:TieredStopAtLevel=1") && field.contains("-Xmx32m"), field.toString());
        for (Path launcher : List.of(devLauncher, debLauncher)) {
            String text = Files.readString(launcher);
            assertTrue(text.indexOf("set -f") > 0 && text.indexOf("set -f") < text.lastIndexOf("exec "),
                    launcher + ": the options hold '*' patterns and must not be globbed");
            String arenas = "export MALLOC_ARENA_MAX=\"${MALLOC_ARENA_MAX:-2}\"";
            assertTrue(text.contains(arenas) && text.indexOf(arenas) < text.lastIndexOf("exec "),
                    launcher + ": two malloc arenas unless the site says otherwise (BENCHMARKS.md section 5)");
        }
    }

    @Test
    void files_whereDebianExpectsThem_withTheirModes() {
        Map<String, String> want = Map.of(
                "/usr/bin/bsn-edge", "-rwxr-xr-x root/root",
                "/usr/lib/systemd/system/bsn-edge.service", "-rw-r--r-- root/root",
                "/usr/lib/sysusers.d/bsn-edge.conf", "-rw-r--r-- root/root",
                "/usr/lib/tmpfiles.d/bsn-edge.conf", "-rw-r--r-- root/root",
                "/usr/lib/systemd/journald.conf.d/50-bsn-edge.conf", "-rw-r--r-- root/root",
                "/etc/bsn-edge/gateway.yaml", "-rw-r--r-- root/root",
                "/etc/default/bsn-edge", "-rw-r--r-- root/root",
                "/usr/share/doc/bsn-edge/DEPLOY.md", "-rw-r--r-- root/root");
        want.forEach((path, mode) -> assertEquals(mode, files.get(path), path));
        assertEquals("-rw-r--r-- root/root", files.get("/usr/share/bsn-edge/bsn-edge.jar"));
        assertTrue(files.keySet().stream().noneMatch(p -> p.startsWith("/usr/share/bsn-edge/lib")), "no lib/ of separate jars");
        // Nothing under /var: the state directory is made by postinst and owned by the service user.
        assertTrue(files.keySet().stream().noneMatch(p -> p.startsWith("/var") || p.startsWith("/opt")), files.keySet().toString());
    }

    @Test
    void unitInThePackage_isTheRepositorysUnit() throws Exception {
        Path x = Files.createTempDirectory("bsn-deb-data");
        Packaged.run(List.of("dpkg-deb", "--extract", deb.toString(), x.toString())).ok();
        assertEquals(Files.readString(Packaged.repo().resolve("systemd/bsn-edge.service")),
                Files.readString(x.resolve("usr/lib/systemd/system/bsn-edge.service")));
        assertTrue(Arrays.asList(Files.readString(x.resolve("etc/bsn-edge/gateway.yaml")).split("\n"))
                .contains("  dataDir: /var/lib/bsn-edge"));
    }
}
