package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.LinkState;
import cn.bsnedge.agent.transport.broker.BrokerOptions;
import cn.bsnedge.agent.transport.broker.MosquittoBroker;
import cn.bsnedge.agent.transport.broker.TestBroker;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reconnect waits until the last connection's Paho tasks have ended (see
 * {@link ConnectionControl}): one of them failing late would shut the new connection down under
 * its connect thread. A task of the test's own, counted as Paho's, stands for one that is slow to end.
 */
class ReconnectDrainTest extends LinkTestSupport {

    /** Well past the test backoff's cap (0.4 s) plus a broker restart: an attempt that did not wait would show. */
    private static final long NO_ATTEMPT_MILLIS = 1500;

    @Override
    protected TestBroker newBroker(BrokerOptions options) throws Exception {
        return MosquittoBroker.create(options);
    }

    /** Stands for a receiver, sender or callback of the lost connection that has not ended yet. */
    private record Straggler(CountDownLatch release) implements Runnable {
        @Override
        public void run() {
            boolean interrupted = false;
            while (true) {
                try {
                    release.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // like Paho's loops: an interrupt alone does not end it
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static LinkThreads countingStragglers() {
        return new LinkThreads(r -> LinkThreads.isPahoConnectionTask(r) || r instanceof Straggler);
    }

    @Test
    void connected_countsPahosReceiverSenderAndCallback_andNoneOnceTheBrokerIsGone() throws Exception {
        TestBroker broker = broker(BrokerOptions.PLAIN);
        LinkThreads threads = new LinkThreads();
        StateRecorder states = new StateRecorder();
        link(settings(broker.uri(), clientId("gw")), states, threads).start();
        states.await(LinkState.Connected.class);
        assertTrue(threads.connectionTasks() >= 3, "receiver, sender, callback (and maybe a ping): " + threads.connectionTasks());

        broker.stop();
        states.await(LinkState.Disconnected.class);
        awaitNoConnectionTasks(threads);
    }

    @Test
    void reconnect_waitsForTheLastConnectionsTasks_andConnectsOnceTheyEnd() throws Exception {
        TestBroker broker = broker(BrokerOptions.PLAIN);
        LinkThreads threads = countingStragglers();
        StateRecorder states = new StateRecorder();
        link(settings(broker.uri(), clientId("gw")), states, threads).start();
        states.await(LinkState.Connected.class);
        CountDownLatch release = new CountDownLatch(1);
        threads.paho.execute(new Straggler(release));

        broker.stop();
        broker.start();
        states.await(LinkState.Disconnected.class);
        awaitNoConnectionTasks(threads, 1);
        long attempts = states.count(LinkState.Connecting.class);
        Thread.sleep(NO_ATTEMPT_MILLIS);
        assertEquals(attempts, states.count(LinkState.Connecting.class),
                "no connect attempt while a task of the last connection runs; states " + states.states());

        release.countDown();
        states.await(LinkState.Connected.class, 2);
    }

    @Test
    void reconnect_aTaskThatNeverEnds_delaysTheAttemptByTheDrainWaitOnly() throws Exception {
        TestBroker broker = broker(BrokerOptions.PLAIN);
        LinkThreads threads = countingStragglers();
        StateRecorder states = new StateRecorder();
        link(settings(broker.uri(), clientId("gw")), states, threads).start();
        states.await(LinkState.Connected.class);
        CountDownLatch release = new CountDownLatch(1);
        threads.paho.execute(new Straggler(release));
        try {
            broker.stop();
            broker.start();
            states.await(LinkState.Connected.class, 2);
            assertTrue(log.stream().anyMatch(l -> l.contains("1 task(s) of the last connection still running after PT5S")),
                    "the link says why it connected anyway: " + log);
        } finally {
            release.countDown(); // so close finds no thread of the test's left
        }
    }

    private static void awaitNoConnectionTasks(LinkThreads threads) throws InterruptedException {
        awaitNoConnectionTasks(threads, 0);
    }

    /** Waits (liveness bound) until {@code n} counted tasks are left. */
    private static void awaitNoConnectionTasks(LinkThreads threads, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (threads.connectionTasks() != n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(threads.connectionTasks() + " connection tasks left, want " + n);
            }
            Thread.sleep(10);
        }
    }
}
