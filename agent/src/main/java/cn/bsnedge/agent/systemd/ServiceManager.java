package cn.bsnedge.agent.systemd;

/**
 * What the agent tells the service manager that started it (systemd's {@code sd_notify}
 * protocol, see sd_notify(3)). Every method is a fire-and-forget notification: a failure to
 * deliver is logged by the implementation, never thrown, because the pipeline must not stop
 * over a lost status line. Implementations are safe to call from any thread.
 */
public interface ServiceManager {

    /** {@code READY=1}: start-up is complete; a {@code Type=notify} unit counts as started from here. */
    void ready();

    /** {@code STATUS=…}: one line for {@code systemctl status}; line breaks are replaced by spaces. */
    void status(String text);

    /** {@code WATCHDOG=1}: the service is making progress; resets systemd's {@code WatchdogSec=} timer. */
    void watchdog();

    /** {@code STOPPING=1}: shutdown has begun. */
    void stopping();

    /** False when nobody listens (no {@code NOTIFY_SOCKET}): callers may skip composing status lines. */
    boolean listening();

    /** The service manager of a process not started by systemd: every call does nothing. */
    static ServiceManager none() {
        return NoServiceManager.INSTANCE;
    }
}
