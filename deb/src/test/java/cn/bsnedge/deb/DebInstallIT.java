package cn.bsnedge.deb;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Installs the package into a throwaway root, runs what it installed, and purges it: never
 * touching the machine the test runs on.
 *
 * <p>How: {@code dpkg --root=DIR} keeps its database and the files under DIR, but runs the
 * maintainer scripts chrooted into DIR, where there is no shell. {@code --force-script-chrootless}
 * runs them on the host instead, with {@code DPKG_ROOT=DIR} in their environment: the scripts
 * prefix every path with it, hand it to {@code systemd-sysusers --root}, {@code systemd-tmpfiles
 * --root} and {@code deb-systemd-helper} (which honours DPKG_ROOT), and skip systemctl and the
 * first key because DPKG_ROOT is set. {@code --force-depends} only because openjdk-25 and
 * systemd are not in the throwaway root; the package's Depends are checked by DebContentsIT.
 * dpkg writes its log into DIR ({@code --log}). Needs root, or fakeroot for an unprivileged run.
 */
class DebInstallIT {

    private static final String JAVA_HOME = System.getProperty("java.home");

    @TempDir
    Path root;

    @BeforeEach
    void emptyDpkgDatabase() throws Exception {
        Packaged.require("dpkg", "dpkg");
        Packaged.require("systemd-sysusers", "systemd");
        Packaged.require("systemd-tmpfiles", "systemd");
        Packaged.require("deb-systemd-helper", "init-system-helpers");
        if (!"root".equals(System.getProperty("user.name"))) {
            Packaged.require("fakeroot", "fakeroot");
        }
        for (String d : List.of("info", "updates", "triggers")) {
            Files.createDirectories(root.resolve("var/lib/dpkg").resolve(d));
        }
        Files.createFile(root.resolve("var/lib/dpkg/status"));
    }

    private Packaged.Run dpkg(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("fakeroot", "dpkg", "--force-not-root"));
        } else {
            cmd.add("dpkg");
        }
        cmd.addAll(List.of("--root=" + root, "--log=" + root.resolve("dpkg.log"), "--force-script-chrootless", "--force-depends"));
        cmd.addAll(List.of(args));
        return Packaged.run(cmd, env);
    }

    private Packaged.Run install() throws Exception {
        return dpkg(Map.of(), "--install", Packaged.deb().toString()).ok();
    }

    /** The installed launcher, with only the test's Java 25 to find (JAVA_HOME) and no java on the PATH. */
    private Packaged.Run bsnEdge(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("usr/bin/bsn-edge").toString()));
        cmd.addAll(List.of(args));
        return Packaged.run(cmd, Map.of("JAVA_HOME", JAVA_HOME, "PATH", "/usr/bin:/bin"));
    }

    private static boolean hostHasUser(String user) throws Exception {
        return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith(user + ":"));
    }

    private Optional<String[]> passwd(String user) throws Exception {
        Path f = root.resolve("etc/passwd");
        return !Files.exists(f) ? Optional.empty() : Files.readAllLines(f).stream()
                .map(l -> l.split(":")).filter(f2 -> f2[0].equals(user)).findFirst();
    }

    private List<String> groupMembers(String group) throws Exception {
        return Files.readAllLines(root.resolve("etc/group")).stream().map(l -> l.split(":", -1)).filter(f -> f[0].equals(group))
                .findFirst().map(f -> List.of(f[3].split(","))).orElse(List.of());
    }

    @Test
    void install_makesUserGroupsStateDirAndEnablesTheUnit_andTheLauncherRuns() throws Exception {
        boolean hostHadTheUser = hostHasUser("bsn-edge");
        install();

        String[] user = passwd("bsn-edge").orElseThrow(() -> new AssertionError("no user bsn-edge in " + root.resolve("etc/passwd")));
        assertEquals("/var/lib/bsn-edge", user[5]);
        assertEquals("/usr/sbin/nologin", user[6]);
        for (String g : List.of("i2c", "spi", "gpio", "dialout")) {
            assertTrue(groupMembers(g).contains("bsn-edge"), "bsn-edge not in group " + g);
        }
        Path state = root.resolve("var/lib/bsn-edge");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertEquals(Integer.parseInt(user[2]), (int) Files.getAttribute(state, "unix:uid"));
        // The status view goes to RAM: DATA/run links to /run/bsn-edge (read, never followed here:
        // from the host the link names the host's /run).
        assertEquals("/run/bsn-edge", Files.readSymbolicLink(state.resolve("run")).toString());
        assertTrue(Files.isDirectory(root.resolve("run/bsn-edge")));
        Path wants = root.resolve("etc/systemd/system/multi-user.target.wants/bsn-edge.service");
        assertEquals("/usr/lib/systemd/system/bsn-edge.service", Files.readSymbolicLink(wants).toString());

        Packaged.Run version = bsnEdge("--version").ok();
        assertEquals("bsn-edge " + System.getProperty("bsn.project.version"), version.out().strip());

        // The host was not touched: no bsn-edge user added there (other jobs on a build host may add
        // theirs, so only ours is compared), no unit enabled there.
        assertEquals(hostHadTheUser, hostHasUser("bsn-edge"), "the install into the root changed the host's /etc/passwd");
        assertFalse(Files.exists(Path.of("/etc/systemd/system/multi-user.target.wants/bsn-edge.service"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void defaultConfig_refusesToRunUntilTheGatewayIdIsSet_thenChecksOk() throws Exception {
        install();
        Path conffile = root.resolve("etc/bsn-edge/gateway.yaml");
        Packaged.Run pristine = bsnEdge("config", "check", "--config", conffile.toString());
        assertEquals(2, pristine.code(), pristine.transcript());
        assertTrue((pristine.out() + pristine.err()).contains("gateway.id: missing"), pristine.transcript());

        Path edited = root.resolve("gateway-with-id.yaml");
        Files.writeString(edited, Files.readString(conffile).replace("#id: 88.1001.31/GW-0001", "id: 88.1001.31/GW-0001"));
        bsnEdge("config", "check", "--config", edited.toString()).ok();
    }

    @Test
    void reinstall_keepsTheUnitEnabled_andTheUser() throws Exception {
        install();
        String uid = passwd("bsn-edge").orElseThrow()[2];
        install(); // an upgrade to the same version: postinst configure with the old version as $2
        assertEquals(uid, passwd("bsn-edge").orElseThrow()[2]);
        assertTrue(Files.isSymbolicLink(root.resolve("etc/systemd/system/multi-user.target.wants/bsn-edge.service")));
    }

    @Test
    void purge_removesThePackageAndItsConfig_butKeepsKeysAndChain() throws Exception {
        install();
        Path state = provision();
        Packaged.Run purge = dpkg(Map.of(), "--purge", "bsn-edge").ok();
        assertTrue(purge.err().contains("kept " + state), purge.transcript());

        assertEquals(List.of(), leftovers(), "files of the package left after purge");
        assertTrue(Files.exists(state.resolve("keys/gateway.key")), "the gateway key is evidence: purge keeps it");
        assertTrue(Files.exists(state.resolve("provision/registration.json")));
        assertFalse(Files.exists(state.resolve("run"), LinkOption.NOFOLLOW_LINKS), "the link to /run/bsn-edge goes with the package");
        assertTrue(passwd("bsn-edge").isPresent(), "Debian keeps system users on purge");
        Packaged.Run status = dpkg(Map.of(), "--status", "bsn-edge");
        assertTrue(status.code() != 0 || status.out().contains("not-installed"), status.transcript());
    }

    @Test
    void purgeWithEvidenceConsent_removesTheStateToo() throws Exception {
        install();
        Path state = provision();
        dpkg(Map.of("BSN_EDGE_PURGE_EVIDENCE", "yes"), "--purge", "bsn-edge").ok();
        assertFalse(Files.exists(state), "BSN_EDGE_PURGE_EVIDENCE=yes purges /var/lib/bsn-edge");
        assertEquals(List.of(), leftovers());
    }

    @Test
    void removeThenPurge_removeKeepsTheConffiles() throws Exception {
        install();
        dpkg(Map.of(), "--remove", "bsn-edge").ok();
        assertFalse(Files.exists(root.resolve("usr/bin/bsn-edge")));
        assertTrue(Files.exists(root.resolve("etc/bsn-edge/gateway.yaml")), "remove keeps conffiles");
        dpkg(Map.of(), "--purge", "bsn-edge").ok();
        assertEquals(List.of(), leftovers());
    }

    /**
     * Runs the installed {@code bsn-edge init} on a copy of the packaged config pointed at the
     * throwaway root's state directory, as a gateway's first boot would.
     */
    private Path provision() throws Exception {
        Path state = root.resolve("var/lib/bsn-edge");
        Path cfg = root.resolve("provision.yaml");
        Files.writeString(cfg, Files.readString(root.resolve("etc/bsn-edge/gateway.yaml"))
                .replace("#id: 88.1001.31/GW-0001", "id: 88.1001.31/GW-0001")
                .replace("dataDir: /var/lib/bsn-edge", "dataDir: " + state));
        Packaged.Run init = bsnEdge("init", "--config", cfg.toString(), "--site", "Test bench", "--engineer", "ci").ok();
        assertTrue(init.out().contains("gateway       88.1001.31/GW-0001"), init.transcript());
        Files.delete(cfg);
        return state;
    }

    /**
     * What is left in the root besides dpkg's database and log, the user database, the kept
     * state, and the empty systemd directories deb-systemd-helper creates (on a real system
     * they belong to systemd).
     */
    private List<String> leftovers() throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> "/" + root.relativize(p))
                    .filter(p -> !p.startsWith("/var/lib/dpkg/") && !p.equals("/dpkg.log"))
                    .filter(p -> !p.matches("/etc/(passwd|group|shadow|gshadow|\\.pwd\\.lock)(-)?"))
                    .filter(p -> !p.startsWith("/var/lib/bsn-edge/"))
                    .sorted().toList();
        }
    }
}
