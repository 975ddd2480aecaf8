package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.InboundMessage;
import cn.bsnedge.agent.transport.LinkState;
import cn.bsnedge.agent.transport.MqttSettings;
import cn.bsnedge.agent.transport.PublishOptions;
import cn.bsnedge.agent.transport.TransportException;
import cn.bsnedge.agent.transport.broker.BrokerOptions;
import cn.bsnedge.agent.transport.broker.TestBroker;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivery through a real broker: round trips, request/response, the in-flight window, persistent
 * sessions and broker restarts. Waits are liveness bounds (20 s), never timing assertions.
 */
abstract class LinkDeliveryContract extends LinkTestSupport {

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void publish_subscribedTopic_arrivesInOrderWithPayloadAndRetainFlag() throws Exception {
        TestBroker broker = broker(BrokerOptions.PLAIN);
        PahoMqttLink city = connected(settings(broker.uri(), clientId("city")), new StateRecorder());
        Inbox inbox = new Inbox();
        await(city.subscribe("bsn/x/gw/+/blocks", inbox));
        PahoMqttLink gw = connected(settings(broker.uri(), clientId("gw")), new StateRecorder());

        for (int i = 0; i < 10; i++) {
            await(gw.publish("bsn/x/gw/g1/blocks", text("block " + i), PublishOptions.PLAIN));
        }

        for (int i = 0; i < 10; i++) {
            InboundMessage m = inbox.take();
            assertEquals("bsn/x/gw/g1/blocks", m.topic());
            assertEquals("block " + i, Inbox.text(m));
            assertFalse(m.retained());
        }
        await(gw.publish("bsn/x/gw/g1/blocks", text("kept"), PublishOptions.RETAINED));
        assertEquals("kept", Inbox.text(inbox.take()));
        Inbox late = new Inbox();
        await(city.subscribe("bsn/x/gw/g1/#", late));
        InboundMessage retained = late.take();
        assertEquals("kept", Inbox.text(retained));
        assertTrue(retained.retained(), "a retained message replayed to a new subscription carries the flag");
    }

    @Test
    void request_answeredWithCorrelationData_completesWithItsOwnResponse() throws Exception {
        TestBroker broker = broker(BrokerOptions.PLAIN);
        PahoMqttLink node = connected(settings(broker.uri(), clientId("node")), new StateRecorder());
        await(node.subscribe("bsn/x/anchors/+", m -> {
            try {
                // Answer on the event thread: publish is allowed there (it only blocks while the window is full).
                node.publish(m.responseTopic().orElseThrow(), text("receipt for " + Inbox.text(m)),
                        PublishOptions.PLAIN.withResponse(m.responseTopic().get(), m.correlationData().orElseThrow()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        PahoMqttLink gw = connected(settings(broker.uri(), clientId("gw")), new StateRecorder());

        List<CompletionStage<InboundMessage>> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] correlation = {0, 0, 0, 0, 0, 0, 0, (byte) i, 1, 2, 3, 4, 5, 6, 7, 8}; // tree size, root prefix
            answers.add(gw.request("bsn/x/anchors/g1", text("anchor " + i), "bsn/x/receipts/g1", correlation,
                    Duration.ofSeconds(20)));
        }

        for (int i = 0; i < 5; i++) {
            InboundMessage r = await(answers.get(i));
            assertEquals("receipt for anchor " + i, Inbox.text(r), "each request gets the response carrying its correlation data");
            assertEquals("bsn/x/receipts/g1", r.topic());
        }
    }

    @Test
    void request_unanswered_failsWithTimeoutAndALateResponseGoesToTheSubscriber() throws Exception {
        TestBroker broker = broker(BrokerOptions.PLAIN);
        PahoMqttLink gw = connected(settings(broker.uri(), clientId("gw")), new StateRecorder());
        Inbox late = new Inbox();
        await(gw.subscribe("bsn/x/receipts/g1", late));

        byte[] correlation = {9, 9};
        CompletableFuture<InboundMessage> r = gw.request("bsn/x/anchors/g1", text("a"), "bsn/x/receipts/g1", correlation,
                Duration.ofMillis(300)).toCompletableFuture();
        assertThrows(IllegalStateException.class, () -> gw.request("bsn/x/anchors/g1", text("again"), "bsn/x/receipts/g1",
                correlation, Duration.ofSeconds(1)), "one request per correlation data at a time");

        CompletionException e = assertThrows(CompletionException.class, r::join);
        TransportException t = assertInstanceOf(TransportException.class, e.getCause());
        assertEquals(TransportException.Reason.TIMEOUT, t.reason());
        assertTrue(t.getMessage().contains("bsn/x/receipts/g1"), t.getMessage());
        PahoMqttLink node = connected(settings(broker.uri(), clientId("node")), new StateRecorder());
        await(node.publish("bsn/x/receipts/g1", text("late receipt"), PublishOptions.PLAIN.withResponse("x", correlation)));
        assertEquals("late receipt", Inbox.text(late.take()), "a response no request waits for reaches the topic's handler");
    }

    @Test
    void fastPublisher_5000Messages_allAcknowledgedAndDeliveredWithinTheBrokersWindow() throws Exception {
        TestBroker broker = broker(BrokerOptions.PLAIN);
        PahoMqttLink city = connected(settings(broker.uri(), clientId("city")), new StateRecorder());
        Inbox inbox = new Inbox();
        await(city.subscribe("bsn/x/gw/g1/blocks", inbox));
        StateRecorder states = new StateRecorder();
        // Ask for more than Mosquitto's Receive Maximum (20): the link must take the broker's cap.
        PahoMqttLink gw = connected(settings(broker.uri(), clientId("gw")).withInFlightWindow(1000), states);
        assertEquals(20, states.await(LinkState.Connected.class).window(), "window = min(configured, broker's Receive Maximum)");

        int n = 5000;
        List<CompletableFuture<Void>> acks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            acks.add(gw.publish("bsn/x/gw/g1/blocks", text(Integer.toString(i)), PublishOptions.PLAIN).toCompletableFuture());
        }

        awaitAll(acks, () -> "in flight " + gw.inFlight() + ", log " + log);
        inbox.awaitAll(numbers(n));
        assertEquals(0, gw.inFlight());
    }

    @Test
    void persistentSession_messagesPublishedWhileSubscriberAway_deliveredAfterItReconnects() throws Exception {
        TestBroker broker = broker(BrokerOptions.PLAIN);
        String cityId = clientId("city");
        PahoMqttLink city = connected(settings(broker.uri(), cityId), new StateRecorder());
        await(city.subscribe("bsn/x/gw/g1/blocks", new Inbox()));
        city.close();
        PahoMqttLink gw = connected(settings(broker.uri(), clientId("gw")), new StateRecorder());
        for (int i = 0; i < 50; i++) {
            await(gw.publish("bsn/x/gw/g1/blocks", text("while away " + i), PublishOptions.PLAIN));
        }

        Inbox inbox = new Inbox();
        StateRecorder states = new StateRecorder();
        PahoMqttLink again = link(settings(broker.uri(), cityId), java.util.Optional.empty(), states);
        again.subscribe("bsn/x/gw/g1/blocks", inbox);
        again.start();

        assertTrue(states.await(LinkState.Connected.class).sessionPresent(), "clean start off: the broker kept the session");
        Set<String> got = new HashSet<>(inbox.takeUntilDistinct(50));
        for (int i = 0; i < 50; i++) {
            assertTrue(got.contains("while away " + i), "missing 'while away " + i + "'");
        }
    }

    @Test
    void brokerRestartedMidStream_linkReconnectsAndEveryAcknowledgedPublishArrives() throws Exception {
        TestBroker broker = broker(BrokerOptions.PLAIN);
        PahoMqttLink city = connected(settings(broker.uri(), clientId("city")), new StateRecorder());
        Inbox inbox = new Inbox();
        await(city.subscribe("bsn/x/gw/g1/blocks", inbox));
        StateRecorder states = new StateRecorder();
        PahoMqttLink gw = connected(settings(broker.uri(), clientId("gw")), states);
        CountDownLatch brokerDown = new CountDownLatch(1);

        int n = 600;
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    if (i == n / 2) {
                        brokerDown.await(); // the second half is published while the broker is away
                    }
                    acks.add(gw.publish("bsn/x/gw/g1/blocks", text(Integer.toString(i)), PublishOptions.PLAIN).toCompletableFuture());
                }
            } catch (InterruptedException e) {
                throw new CompletionException(e);
            }
        });
        inbox.takeUntilDistinct(50);
        broker.stop();
        LinkState.Disconnected down = states.await(LinkState.Disconnected.class);
        brokerDown.countDown();
        broker.start();

        try {
            publisher.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("publisher stuck after " + acks.size() + "; states " + states.states() + ", in flight "
                    + gw.inFlight() + ", log " + log, e);
        }
        awaitAll(acks, () -> "states " + states.states() + ", in flight " + gw.inFlight() + ", log " + log);
        assertEquals(TransportException.Reason.CONNECTION_LOST, down.cause().reason());
        assertTrue(states.await(LinkState.Connected.class, 2).sessionPresent(), "the broker kept the session over its restart");
        // Every publish was acknowledged, so every one must reach the subscriber (duplicates allowed).
        inbox.awaitAll(numbers(n));
    }

    @Test
    void backoff_resetByAConnectionThatHeld_notByOneDroppedAtOnce() throws Exception {
        TestBroker broker = broker(BrokerOptions.PLAIN);
        FakeTimers timers = new FakeTimers();
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now = new java.util.concurrent.atomic.AtomicReference<>(
                java.time.Instant.parse("2025-01-01T00:00:00Z"));
        java.util.SplittableRandom same = new java.util.SplittableRandom(7);
        StateRecorder states = new StateRecorder();
        PahoMqttLink gw = link(settings(broker.uri(), clientId("gw")), states, timers, now::get, new java.util.SplittableRandom(7));
        gw.start();
        states.await(LinkState.Connected.class, 1);

        broker.stop();
        FakeTimers.Task first = timers.next();
        assertEquals(FAST.delay(0, same.nextDouble()), first.delay());
        first.run().run(); // the broker is still down: this attempt fails
        FakeTimers.Task afterFailedAttempt = timers.next();
        assertEquals(FAST.delay(1, same.nextDouble()), afterFailedAttempt.delay(), "a failed attempt doubles the delay");
        broker.start();
        afterFailedAttempt.run().run();
        states.await(LinkState.Connected.class, 2);

        broker.stop(); // the connection lasted no time at all: the backoff keeps growing
        FakeTimers.Task third = timers.next();
        assertEquals(FAST.delay(2, same.nextDouble()), third.delay());
        broker.start();
        third.run().run();
        states.await(LinkState.Connected.class, 3);

        now.set(now.get().plus(FAST.max())); // this one held for the backoff's cap: start over
        broker.stop();
        assertEquals(FAST.delay(0, same.nextDouble()), timers.next().delay());
    }

    @Test
    void brokerLostTheSession_linkSubscribesAgainAndMessagesFlow() throws Exception {
        TestBroker broker = broker(BrokerOptions.PLAIN);
        StateRecorder cityStates = new StateRecorder();
        PahoMqttLink city = connected(settings(broker.uri(), clientId("city")), cityStates);
        Inbox inbox = new Inbox();
        await(city.subscribe("bsn/x/gw/g1/blocks", inbox));

        broker.restartWithoutSessions();

        assertFalse(cityStates.await(LinkState.Connected.class, 2).sessionPresent());
        PahoMqttLink gw = connected(settings(broker.uri(), clientId("gw")), new StateRecorder());
        // The re-subscription may still be on its way: publish until one gets through.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        InboundMessage m = null;
        while (m == null && System.nanoTime() < deadline) {
            await(gw.publish("bsn/x/gw/g1/blocks", text("after"), PublishOptions.PLAIN));
            m = inbox.drain().stream().findFirst().orElse(null);
            if (m == null) {
                Thread.sleep(50);
            }
        }
        assertTrue(m != null && Inbox.text(m).equals("after"), "the subscription was not restored; log: " + log);
    }

    @Test
    void sharedSubscription_twoNodes_splitTheMessagesWithoutOverlap() throws Exception {
        TestBroker broker = broker(BrokerOptions.PLAIN);
        Inbox a = new Inbox();
        Inbox b = new Inbox();
        await(connected(settings(broker.uri(), clientId("node-a")), new StateRecorder()).subscribe("$share/nodes/bsn/x/anchors/#", a));
        await(connected(settings(broker.uri(), clientId("node-b")), new StateRecorder()).subscribe("$share/nodes/bsn/x/anchors/#", b));
        PahoMqttLink gw = connected(settings(broker.uri(), clientId("gw")), new StateRecorder());

        for (int i = 0; i < 100; i++) {
            await(gw.publish("bsn/x/anchors/g" + i, text(Integer.toString(i)), PublishOptions.PLAIN));
        }

        Set<String> seenA = new HashSet<>();
        Set<String> seenB = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seenA.size() + seenB.size() < 100 && System.nanoTime() < deadline) {
            a.drain().forEach(m -> seenA.add(Inbox.text(m)));
            b.drain().forEach(m -> seenB.add(Inbox.text(m)));
            Thread.sleep(10);
        }
        assertEquals(100, seenA.size() + seenB.size(), "every message reached exactly one node");
        assertFalse(seenA.isEmpty() || seenB.isEmpty(), "both nodes took a share: " + seenA.size() + "/" + seenB.size());
        Set<String> both = new HashSet<>(seenA);
        both.retainAll(seenB);
        assertTrue(both.isEmpty(), "delivered to both: " + both);
    }

    @Test
    void publishWhileBrokerDown_waits_untilCloseFailsItClosed() throws Exception {
        TestBroker broker = broker(BrokerOptions.PLAIN);
        StateRecorder states = new StateRecorder();
        PahoMqttLink gw = connected(settings(broker.uri(), clientId("gw")), states);
        broker.stop();
        states.await(LinkState.Disconnected.class);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread publisher = new Thread(() -> {
            try {
                gw.publish("bsn/x/gw/g1/blocks", text("during outage"), PublishOptions.PLAIN);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        publisher.start();
        awaitParked(publisher);

        gw.close();

        TransportException e = assertInstanceOf(TransportException.class, outcome.get(20, TimeUnit.SECONDS));
        assertEquals(TransportException.Reason.CLOSED, e.reason());
        assertEquals(TransportException.Reason.CLOSED, assertThrows(TransportException.class,
                () -> gw.publish("t", new byte[0], PublishOptions.PLAIN)).reason());
        assertInstanceOf(LinkState.Closed.class, gw.state());
        assertInstanceOf(LinkState.Closed.class, states.await(LinkState.Closed.class));
    }

    @Test
    void publishWhileBrokerDown_interrupted_throwsAndFreesItsSlot() throws Exception {
        TestBroker broker = broker(BrokerOptions.PLAIN);
        StateRecorder states = new StateRecorder();
        PahoMqttLink gw = connected(settings(broker.uri(), clientId("gw")), states);
        broker.stop();
        states.await(LinkState.Disconnected.class);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread publisher = new Thread(() -> {
            try {
                gw.publish("bsn/x/gw/g1/blocks", text("during outage"), PublishOptions.PLAIN);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        publisher.start();
        awaitParked(publisher);

        publisher.interrupt();

        assertInstanceOf(InterruptedException.class, outcome.get(20, TimeUnit.SECONDS));
        assertEquals(0, gw.inFlight(), "an interrupted publish gives its window slot back");
    }

    private static List<String> numbers(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(Integer::toString).toList();
    }

    /** Waits for every stage (liveness bound), saying how many are still open if they do not all complete. */
    private static void awaitAll(List<CompletableFuture<Void>> stages, java.util.function.Supplier<String> context) throws Exception {
        try {
            CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            long open = stages.stream().filter(f -> !f.isDone()).count();
            throw new AssertionError(open + " of " + stages.size() + " publishes never settled; " + context.get(), e);
        }
    }

    /** Waits until {@code t} blocks (liveness bound), i.e. the publish is waiting for the link. */
    private static void awaitParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline || !t.isAlive()) {
                throw new AssertionError("the publisher did not block: " + t.getState());
            }
            Thread.sleep(5);
        }
    }
}
