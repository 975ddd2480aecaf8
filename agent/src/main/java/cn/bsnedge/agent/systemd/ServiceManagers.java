package cn.bsnedge.agent.systemd;

import java.util.Map;
import java.util.function.Consumer;

/** Picks the {@link ServiceManager} for this process from its environment. */
public final class ServiceManagers {

    private ServiceManagers() {
    }

    /**
     * systemd's, when {@code NOTIFY_SOCKET} is set (a {@code Type=notify} unit started us);
     * otherwise {@link ServiceManager#none()}, without even loading libsystemd. When the socket
     * is set but libsystemd cannot be loaded, {@code log} hears why and the result is none.
     */
    public static ServiceManager fromEnvironment(Map<String, String> env, Consumer<String> log) {
        return fromEnvironment(env, SystemdNotifier.LIBRARY, log);
    }

    static ServiceManager fromEnvironment(Map<String, String> env, String library, Consumer<String> log) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return ServiceManager.none();
        }
        return SystemdNotifier.load(library, log).<ServiceManager>map(n -> n).orElse(ServiceManager.none());
    }
}
