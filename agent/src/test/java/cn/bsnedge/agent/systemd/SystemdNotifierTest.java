package cn.bsnedge.agent.systemd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sd_notify through FFM against a fake NOTIFY_SOCKET. libsystemd reads NOTIFY_SOCKET with
 * getenv, so the notifier runs in a child JVM whose environment names the test's socket.
 */
class SystemdNotifierTest {

    @TempDir
    Path dir;

    @Test
    void childWithNotifySocket_sendsExactlyTheDatagrams_inOrder() throws Exception {
        try (UnixDatagramSocket socket = new UnixDatagramSocket(dir.resolve("notify"), Duration.ofSeconds(20))) {
            Child child = runChild(Map.of("NOTIFY_SOCKET", socket.path().toString()),
                    "ready", "status:height 3, sensors 2/2 ok\nsecond line", "watchdog", "stopping");
            assertEquals(0, child.exit, child.output);
            assertTrue(child.output.startsWith("listening"), child.output);
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                got.add(socket.receive().orElse("<nothing within 20 s>"));
            }
            assertEquals(List.of("READY=1", "STATUS=height 3, sensors 2/2 ok second line", "WATCHDOG=1", "STOPPING=1"), got);
        }
    }

    @Test
    void childWithoutNotifySocket_isNone_andSendsNothing() throws Exception {
        try (UnixDatagramSocket socket = new UnixDatagramSocket(dir.resolve("notify"), Duration.ofMillis(300))) {
            Child child = runChild(Map.of(), "ready", "watchdog");
            assertEquals(0, child.exit, child.output);
            assertTrue(child.output.startsWith("none"), child.output);
            assertEquals(Optional.empty(), socket.receive());
        }
    }

    @Test
    void notifySocketGone_failsSoft_loggingFailures1And2ButNot3() throws Exception {
        Child child = runChild(Map.of("NOTIFY_SOCKET", dir.resolve("no-such-socket").toString()), "ready", "watchdog", "watchdog");
        assertEquals(0, child.exit, child.output);
        assertTrue(child.output.contains("sd_notify(READY=1) failed: No such file or directory (errno 2) (1 failures so far)"), child.output);
        assertTrue(child.output.contains("sd_notify(WATCHDOG=1) failed: No such file or directory (errno 2) (2 failures so far)"), child.output);
        assertFalse(child.output.contains("3 failures"), child.output);
    }

    @Test
    void unsetNotifySocket_isNone_withoutLoadingLibsystemd() {
        List<String> log = new ArrayList<>();
        assertSame(ServiceManager.none(), ServiceManagers.fromEnvironment(Map.of(), "no-such-library.so.9", log::add));
        assertSame(ServiceManager.none(), ServiceManagers.fromEnvironment(Map.of("NOTIFY_SOCKET", ""), "no-such-library.so.9", log::add));
        assertEquals(List.of(), log);
    }

    @Test
    void libsystemdMissing_failsSoft_withAWarning() {
        List<String> log = new ArrayList<>();
        ServiceManager m = ServiceManagers.fromEnvironment(Map.of("NOTIFY_SOCKET", "/run/systemd/notify"),
                "libsystemd-not-installed.so.0", log::add);
        assertSame(ServiceManager.none(), m);
        assertFalse(m.listening());
        m.ready(); // and no exception
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.getFirst().startsWith("warning: cannot load libsystemd-not-installed.so.0"), log.getFirst());
        assertTrue(log.getFirst().contains("install libsystemd0"), log.getFirst());
    }

    private record Child(int exit, String output) {
    }

    private Child runChild(Map<String, String> env, String... notifications) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx32m", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), NotifyingChild.class.getName()));
        cmd.addAll(List.of(notifications));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("NOTIFY_SOCKET");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not exit: " + out);
        return new Child(p.exitValue(), out);
    }
}
