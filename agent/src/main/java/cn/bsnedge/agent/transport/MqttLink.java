package cn.bsnedge.agent.transport;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The gateway's one long-lived MQTT 5 session with the city's broker, at QoS 1.
 *
 * <h2>Life cycle</h2>
 * A link is created stopped. {@link #start()} begins connecting in the background and returns at
 * once; it may be called once. From then on the link keeps itself connected: after a failed
 * attempt or a lost connection it retries with exponential backoff and jitter
 * ({@link MqttSettings#backoff()}) until {@link #close()}. Every change is reported to the
 * {@link LinkListener} given when the link was made. {@code close()} is idempotent: it disconnects
 * with reason "disconnect with Will", so the broker publishes the death message, fails every
 * operation still waiting with {@link TransportException.Reason#CLOSED}, and returns only after every
 * thread the link started has ended. Calls made after {@code close()} fail the same way.
 *
 * <h2>Threads</h2>
 * All methods may be called from any thread. {@link #publish} and {@link #request} hand the message
 * to the client <em>in the calling thread</em> and block it while the in-flight window is full or
 * the link is not connected: that is the backpressure, and no message is ever dropped; an interrupt
 * ends the wait with {@link InterruptedException}, and nothing was sent. Message handlers, the
 * listener, and the completion of every returned stage run on the link's single event thread, one
 * at a time, in order. A callback must return quickly; it may call {@code publish}, but must never
 * wait for a stage this link completes (the event thread would wait for itself).
 *
 * <h2>Delivery</h2>
 * A publish is in flight from the moment it is handed over until the broker's PUBACK; a stage
 * completes normally only on a PUBACK with a success reason code. If the connection drops while a
 * message is in flight, the session (clean start off) keeps it and it is sent again after the
 * reconnect (marked duplicate); its stage stays pending meanwhile. Publishes made while the link is
 * down <em>wait</em> (block) until it is back. Durability across restarts of the agent is not the
 * link's job: the outbox keeps what must survive.
 * Inbound QoS 1 messages are acknowledged only after their handler returned, so a message whose
 * handler was cut short by a crash or a lost connection is delivered again.
 */
public interface MqttLink extends AutoCloseable {

    /** Starts connecting in the background; returns at once. */
    void start();

    /** The state most recently reported to the listener (or {@link LinkState.Connecting} before any). */
    LinkState state();

    /**
     * Publishes at QoS 1.
     *
     * @return completes when the broker acknowledged the message; fails with a
     *         {@link TransportException}: {@code REFUSED} if the PUBACK carried an error reason code,
     *         {@code CLOSED} if the link was closed first
     * @throws InterruptedException if interrupted while waiting for the window or the connection
     * @throws IllegalArgumentException if the topic is empty or contains a wildcard
     */
    CompletionStage<Void> publish(String topic, byte[] payload, PublishOptions options) throws InterruptedException;

    /**
     * Subscribes at QoS 1 and passes every message on a matching topic to {@code handler}. The filter
     * may be a shared subscription ({@code $share/group/filter}); several processes subscribing with
     * the same group share the messages. Subscribing to a filter again replaces its handler. The link
     * sends the subscription again after a reconnect that did not find the session on the broker.
     *
     * @return completes when the broker granted the subscription (after the next connect, if the
     *         link is down); fails with {@code REFUSED} if the broker refused it, which also forgets it
     * @throws IllegalArgumentException if the filter is not a valid MQTT topic filter
     */
    CompletionStage<Void> subscribe(String topicFilter, MessageHandler handler);

    /**
     * Request/response after MQTT 5: subscribes to {@code responseTopic} (once per link, waiting
     * for the grant like {@link #publish}), then publishes the request with that Response Topic and
     * {@code correlationData} (PROTOCOL.md §2.2 defines it for anchors). The first message on the
     * response topic carrying the same correlation data completes the stage and is not passed to any
     * handler; responses that match no waiting request (late, or after a restart) go to the handlers
     * subscribed to the response topic, if any.
     *
     * @param timeout how long to wait for the response once the request was handed over
     * @return the response; fails with {@code TIMEOUT} after {@code timeout}, or like {@link #publish}
     * @throws IllegalStateException if a request with the same correlation data is still waiting
     */
    CompletionStage<InboundMessage> request(String topic, byte[] payload, String responseTopic, byte[] correlationData,
                                            Duration timeout) throws InterruptedException;

    /** Disconnects (the broker publishes the death message), fails what waits, and stops every thread. */
    @Override
    void close();
}
