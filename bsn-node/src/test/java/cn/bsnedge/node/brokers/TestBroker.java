package cn.bsnedge.node.brokers;

/** An MQTT 5 broker a test starts on a free loopback port. */
public interface TestBroker extends AutoCloseable {

    String name();

    String uri();

    /** Whether {@link #restart} keeps sessions, queued messages and retained ones. */
    boolean survivesRestart();

    /** Stops the broker (its clients see the connection drop) and starts it again on the same port. */
    void restart() throws Exception;

    @Override
    void close();
}
