package cn.bsnedge.agent.cli;

import cn.bsnedge.agent.anchor.AnchorPolicy;
import cn.bsnedge.agent.anchor.AnchorService;
import cn.bsnedge.agent.anchor.Anchoring;
import cn.bsnedge.agent.anchor.AnchoringConfig;
import cn.bsnedge.agent.anchor.NodeKeys;
import cn.bsnedge.agent.keys.GatewayKeyFile;
import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.agent.store.StoreException;
import cn.bsnedge.agent.time.KernelClock;
import cn.bsnedge.agent.time.Ticker;
import cn.bsnedge.agent.transport.MqttSettings;
import cn.bsnedge.agent.transport.mqtt.PahoMqttLink;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.protocol.Topics;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The demo's anchoring: the city node started beside it ({@link DemoNode}) and the gateway's
 * {@link AnchorService} pointed at its broker, anchoring every second, so a short demo ends with
 * receipts and its proof bundles verify as anchored. Without a node it does nothing, and says so.
 */
final class DemoAnchoring implements AutoCloseable {

    /** The first start of a source checkout builds the node; later ones take a few seconds. */
    private static final Duration NODE_PATIENCE = Duration.ofMinutes(6);

    private final DemoNode node;
    private final Anchoring anchoring;
    private boolean closed;

    private DemoAnchoring(DemoNode node, Anchoring anchoring) {
        this.node = node;
        this.anchoring = anchoring;
    }

    static DemoAnchoring off() {
        return new DemoAnchoring(null, Anchoring.off());
    }

    /** Starts the node and anchoring; without a node launcher, or when the node fails to start, a demo without anchoring. */
    static DemoAnchoring start(DataDir dir, GatewayIdentity id, BlockStore store, Optional<Path> launcher, PrintWriter out,
                               PrintWriter err) throws InterruptedException, StoreException {
        if (launcher.isEmpty()) {
            err.println("demo: no city node found (./bsn-node.sh beside ./bsn-edge, $BSN_NODE, or bsn-node on the PATH):"
                    + " blocks are sealed but not anchored");
            return off();
        }
        out.println("demo: starting the city node " + DemoNode.NODE_ID + " (" + launcher.get().getFileName()
                + "; its first start builds it) ...");
        out.flush();
        DemoNode node;
        try {
            node = DemoNode.start(launcher.get(), dir.root().resolve("node"), GatewayKeyFile.trustFile(dir.trust(), id.gatewayId()),
                    NODE_PATIENCE);
        } catch (IOException e) {
            err.println("demo: " + e.getMessage() + "; going on without anchoring");
            return off();
        }
        try {
            Files.copy(node.nodeKey(), dir.trust().resolve(node.nodeKey().getFileName()), StandardCopyOption.REPLACE_EXISTING);
            var clock = KernelClock.bestAvailable();
            AnchorService.Setup setup = new AnchorService.Setup(id, store, dir.root().resolve("anchor"), new Topics(DemoNode.CITY),
                    NodeKeys.load(List.of(dir.trust())), new AnchorPolicy(Duration.ofSeconds(1), 5, Duration.ofSeconds(10)),
                    200, InstantSource.system(), Ticker.system(), clock::quality,
                    AnchoringConfig.agent(Main.class.getPackage().getImplementationVersion()), err::println);
            MqttSettings settings = MqttSettings.defaults(List.of(node.broker()), id.gatewayId());
            Anchoring a = AnchorService.start(setup, (presence, listener) ->
                    PahoMqttLink.create(settings, Optional.of(presence), listener, err::println));
            out.println("demo: anchoring to " + DemoNode.NODE_ID + " over MQTT 5 at " + node.broker());
            out.flush();
            return new DemoAnchoring(node, a);
        } catch (IOException | RuntimeException e) {
            err.println("demo: anchoring cannot start (" + e.getMessage() + "); going on without it");
            node.close();
            return off();
        }
    }

    void committed(MicroBlock block) {
        anchoring.committed(block);
    }

    /** Waits until every committed block is covered by a verified receipt, or {@code patience} passed. */
    void awaitReceipts(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (anchoring.backlog().orElse(0) > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
        }
    }

    /** "anchored: ..." for the demo's summary, when anchoring ran. */
    Optional<String> summary() {
        return anchoring.status().map(s -> s.anchoredSize() == 0
                ? "anchored: nothing yet (" + s.link() + (s.lastRejection().isEmpty() ? "" : ", " + s.lastRejection()) + ")"
                : "anchored: " + s.anchoredSize() + " of " + s.chainBlocks() + " blocks, receipt #" + s.receiptLedgerSeq()
                  + " from " + s.receiptNode() + " at " + s.receiptRecordedAt() + (s.backlogBlocks() > 0
                        ? " (" + s.backlogBlocks() + " blocks still waiting)" : ""));
    }

    @Override
    public void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        summaryBeforeClose = summary();
        anchoring.close();
        if (node != null) {
            node.close();
        }
    }

    private Optional<String> summaryBeforeClose = Optional.empty();

    /** The summary as it was when anchoring stopped (its status is gone once closed). */
    Optional<String> finalSummary() {
        return closed ? summaryBeforeClose : summary();
    }
}
