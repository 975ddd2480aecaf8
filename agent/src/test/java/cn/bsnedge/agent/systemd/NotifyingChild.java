package cn.bsnedge.agent.systemd;

import java.util.List;

/**
 * Runs in a child JVM whose environment the test sets: sends each argument through
 * {@link ServiceManagers#fromEnvironment}, as {@code ready}, {@code status:TEXT}, {@code watchdog}
 * or {@code stopping}, and prints which ServiceManager it got.
 */
public final class NotifyingChild {

    public static void main(String[] args) {
        ServiceManager m = ServiceManagers.fromEnvironment(System.getenv(), System.err::println);
        System.out.println(m.listening() ? "listening" : "none");
        for (String a : List.of(args)) {
            if (a.equals("ready")) {
                m.ready();
            } else if (a.startsWith("status:")) {
                m.status(a.substring("status:".length()));
            } else if (a.equals("watchdog")) {
                m.watchdog();
            } else if (a.equals("stopping")) {
                m.stopping();
            } else {
                throw new IllegalArgumentException("unknown notification " + a);
            }
        }
    }
}
