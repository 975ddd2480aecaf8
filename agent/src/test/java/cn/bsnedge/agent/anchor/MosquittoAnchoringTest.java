package cn.bsnedge.agent.anchor;

import cn.bsnedge.agent.cli.Cli;
import cn.bsnedge.agent.pipeline.NoThreadsLeft;
import cn.bsnedge.agent.store.Chains;
import cn.bsnedge.agent.time.Ticker;
import cn.bsnedge.agent.transport.MqttSettings;
import cn.bsnedge.agent.transport.broker.BrokerOptions;
import cn.bsnedge.agent.transport.broker.MosquittoBroker;
import cn.bsnedge.agent.transport.mqtt.PahoMqttLink;
import cn.bsnedge.ledger.anchor.TreeHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.protocol.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Anchoring end to end over Debian's Mosquitto, with a city node made from ledger-lite
 * ({@link FakeCityNode}): the broker restarted mid-stream, the node down for a while, duplicate
 * deliveries and a gateway restarted in between. After every case the node's records are one
 * growing, consistent sequence of tree heads ending at the chain's size, no size ever carried
 * two roots, every block reached the city as telemetry, and proof bundles verify as anchored.
 */
@ExtendWith(NoThreadsLeft.class)
class MosquittoAnchoringTest {

    static final String CITY = "testcity";
    private static final Logger PAHO = Logger.getLogger("org.eclipse.paho");

    @TempDir
    Path tmp;

    private MosquittoBroker broker;
    private NodeLedger ledger;
    private GatewayDir gw;
    private FakeCityNode node;
    private AnchorService service;
    private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    private final Topics topics = new Topics(CITY);

    @BeforeAll
    static void quiet() {
        PAHO.setLevel(Level.OFF);
    }

    @BeforeEach
    void setUp() throws Exception {
        broker = MosquittoBroker.create(BrokerOptions.PLAIN);
        ledger = new NodeLedger();
        gw = new GatewayDir(tmp.resolve("data"), ledger);
        node = new FakeCityNode(broker.uri(), topics, ledger);
        node.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (service != null) {
            service.close();
        }
        node.close();
        gw.close();
        broker.close();
    }

    private void startGateway() throws Exception {
        MqttSettings settings = MqttSettings.defaults(List.of(broker.uri()), gw.id.gatewayId()).withBackoff(FakeCityNode.FAST)
                .withConnectTimeout(Duration.ofSeconds(5));
        AnchorService.Setup setup = new AnchorService.Setup(gw.id, gw.store, gw.anchorDir(), topics, gw.nodeKeys(),
                new AnchorPolicy(Duration.ofMillis(300), 20, Duration.ofSeconds(2)), 5000, InstantSource.system(), Ticker.system(),
                () -> ClockQuality.SYNCED, "bsn-edge/test", log::add);
        service = AnchorService.start(setup, (presence, listener) -> PahoMqttLink.create(settings, Optional.of(presence), listener, log::add));
    }

    private void seal(int n) throws Exception {
        for (MicroBlock b : gw.seal(n)) {
            if (service != null) { // a gateway that is down finds them in the chain at its next start
                service.committed(b);
            }
        }
    }

    private String brokerLog() {
        try {
            return broker.log();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static void await(String what, BooleanSupplier done, Duration limit, Runnable onFail) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                onFail.run();
                fail("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Waits until the node recorded the whole chain and every block reached it, then checks the case's invariants. */
    private void converged(String where) throws Exception {
        long size = gw.store.size();
        String g = gw.id.gatewayId();
        await(where + ": node records the chain's " + size + " blocks and the broker took all telemetry",
                () -> ledger.latestSize(g) == size && service.anchorer().anchoredSize() == size && service.telemetry().mark() == size
                        && node.blocksSeen.size() == size,
                Duration.ofSeconds(30), () -> System.err.println(where + ": node at " + ledger.latestSize(g) + ", gateway holds "
                        + service.anchorer().anchoredSize() + ", telemetry " + service.telemetry().mark() + ", seen "
                        + node.blocksSeen.size() + " of " + size + "\nlog: " + String.join("\n", log) + "\nnode log: " + node.log
                        + "\nbroker log:\n" + brokerLog()));
        assertEquals(Map.of(), ledger.forks(), where + ": two roots signed for one size");
        List<TreeHead> acc = ledger.accepted();
        for (int i = 1; i < acc.size(); i++) {
            assertTrue(acc.get(i).treeSize() > acc.get(i - 1).treeSize(), where + ": records not growing: " + acc);
        }
        assertEquals(size, acc.getLast().treeSize(), where);
        assertTrue(service.anchorer().halted().isEmpty(), where + ": " + service.anchorer().alarms());
        assertTrue(node.births.size() >= 1, "a birth was published");
    }

    /** Closes the gateway, then proves three readings with the CLI and verifies them against the trust directory. */
    private void proofsVerifyAsAnchored() throws Exception {
        service.close();
        service = null;
        gw.close();
        List<String> files = new ArrayList<>();
        for (long seq : new long[] {1, 5, gw.store.size() / 2}) {
            Cli.Result p = Cli.run("proof", "--data", gw.root.toString(), "--sensor", Chains.TMP.value(), "--seq", Long.toString(seq));
            assertEquals(0, p.code(), p.transcript());
            assertTrue(p.out().contains("\"receipt\""), "bundle carries the receipt: " + p.out());
            Path f = tmp.resolve("r" + seq + ".json");
            Files.writeString(f, p.out());
            files.add(f.toString());
        }
        List<String> args = new ArrayList<>(List.of("verify", "--trust", gw.root.resolve("trust").toString()));
        args.addAll(files);
        Cli.Result v = Cli.run(args.toArray(String[]::new));
        assertEquals(0, v.code(), v.transcript());
        assertEquals(3, v.out().lines().filter(l -> l.startsWith("OK") && l.contains("; anchored: tree size")).count(), v.out());
    }

    @Test
    void brokerRestartedMidStream_everyBlockAnchoredAndDelivered() throws Exception {
        startGateway();
        for (int i = 0; i < 5; i++) {
            seal(7);
            Thread.sleep(30);
        }
        broker.restart();
        for (int i = 0; i < 5; i++) {
            seal(7);
            Thread.sleep(30);
        }
        converged("broker restart");
        proofsVerifyAsAnchored();
    }

    @Test
    void nodeDownForAWhile_thenBack_theBacklogIsAnchoredInOneGo() throws Exception {
        startGateway();
        seal(10);
        converged("before the outage");
        int before = ledger.accepted().size();
        node.stop();
        for (int i = 0; i < 10; i++) {
            seal(15);
            Thread.sleep(20);
        }
        assertTrue(service.anchorer().backlog() >= 150, "backlog while the node is down: " + service.anchorer().backlog());
        node.start();
        converged("node back");
        assertTrue(ledger.accepted().size() - before <= 2,
                "the backlog of 150 blocks took " + (ledger.accepted().size() - before) + " anchors; want one (two if a block came in between)");
        proofsVerifyAsAnchored();
    }

    @Test
    void duplicateDeliveries_andAGatewayRestart_recordEachSizeOnce() throws Exception {
        node.duplicates(true);
        startGateway();
        seal(25);
        Thread.sleep(100);
        service.close(); // restart the agent mid-stream
        service = null;
        seal(3);
        startGateway();
        seal(30);
        converged("duplicates and a restart");
        long distinct = ledger.accepted().stream().map(TreeHead::treeSize).distinct().count();
        assertEquals(ledger.accepted().size(), distinct, "a size recorded twice: " + ledger.accepted());
        proofsVerifyAsAnchored();
    }
}
