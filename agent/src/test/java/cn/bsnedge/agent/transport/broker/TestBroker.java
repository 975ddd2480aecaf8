package cn.bsnedge.agent.transport.broker;

import java.io.IOException;
import java.net.URI;

/**
 * An MQTT 5 broker for integration tests, on a free loopback port that stays the same across
 * {@link #stop()} and {@link #start()}, so clients reconnect to it. Implemented by
 * {@link MosquittoBroker}; an embedded broker (Moquette) can implement it too and run the same
 * suite ({@code MqttLinkContract}).
 */
public interface TestBroker extends AutoCloseable {

    /** Starts the broker and returns once it accepts connections. */
    void start() throws IOException, InterruptedException;

    /** Stops it gracefully: persistent sessions and queued messages survive a later {@link #start()}. */
    void stop() throws IOException, InterruptedException;

    /** Stops and starts again on the same port, keeping the sessions. */
    default void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    /** Stops and starts again on the same port with no sessions at all, as if its disk had been lost. */
    void restartWithoutSessions() throws IOException, InterruptedException;

    int port();

    /** {@code tcp://127.0.0.1:port}, or {@code ssl://} when the options asked for TLS. */
    URI uri();

    /** Stops the broker for good (killing it if it will not stop) and deletes its files. */
    @Override
    void close();
}
