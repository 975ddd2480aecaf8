package cn.bsnedge.agent.anchor;

import cn.bsnedge.ledger.protocol.BlockBatch;
import cn.bsnedge.ledger.protocol.Messages;
import cn.bsnedge.ledger.protocol.ResendRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Block telemetry: paced replay of a backlog, the acknowledged mark across restarts, resend requests. */
class TelemetryTest {

    private static final long S = 1_000_000_000L;

    @TempDir
    Path tmp;

    @Test
    void backlog_isReplayedAtTheConfiguredRate_notAsAFlood() throws Exception {
        try (GatewayDir gw = new GatewayDir(tmp, new NodeLedger()); Outbox outbox = Outbox.open(Files.createDirectories(gw.anchorDir()))) {
            gw.seal(1000);
            Telemetry t = new Telemetry(gw.id.gatewayId(), gw.store, outbox, 0, new Pacer(100), BlockBatch.TARGET_BYTES, s -> { });
            long sent = 0;
            List<Long> perSecond = new ArrayList<>();
            for (int second = 0; second < 5; second++) {
                long inThisSecond = 0;
                for (long ms = 0; ms < 1000; ms += 10) { // the service wakes often; the pace must hold anyway
                    long now = second * S + ms * 1_000_000L;
                    Optional<Telemetry.Batch> b;
                    while ((b = t.next(now)).isPresent()) {
                        inThisSecond += b.get().batch().blocks().size();
                        t.done(b.get(), true, now);
                    }
                }
                perSecond.add(inThisSecond);
                sent += inThisSecond;
            }
            // one second's burst at start, then the rate
            assertTrue(sent >= 480 && sent <= 600, "sent " + sent + " in 5 s at 100 blocks/s: " + perSecond);
            for (long n : perSecond.subList(1, perSecond.size())) {
                assertTrue(n >= 95 && n <= 105, "per second " + perSecond);
            }
            assertEquals(sent, t.mark());
        }
    }

    @Test
    void mark_survivesARestart_unacknowledgedBatchesGoAgain() throws Exception {
        try (GatewayDir gw = new GatewayDir(tmp, new NodeLedger())) {
            Files.createDirectories(gw.anchorDir());
            gw.seal(30);
            long mark;
            try (Outbox outbox = Outbox.open(gw.anchorDir())) {
                Telemetry t = new Telemetry(gw.id.gatewayId(), gw.store, outbox, outbox.published(), new Pacer(10), BlockBatch.TARGET_BYTES, s -> { });
                Telemetry.Batch first = t.next(0).orElseThrow();
                assertEquals(10, first.batch().blocks().size());
                Telemetry.Batch second = t.next(S).orElseThrow();
                t.done(second, true, S); // out of order: the mark waits for the first
                assertEquals(0, t.mark());
                t.done(first, true, S);
                assertEquals(second.batch().lastHeight() + 1, t.mark());
                Telemetry.Batch third = t.next(2 * S).orElseThrow(); // in flight when "the agent dies"
                assertEquals(t.mark(), third.batch().firstHeight());
                mark = t.mark();
            }
            try (Outbox outbox = Outbox.open(gw.anchorDir())) {
                assertEquals(mark, outbox.published());
                Telemetry t = new Telemetry(gw.id.gatewayId(), gw.store, outbox, outbox.published(), new Pacer(10), BlockBatch.TARGET_BYTES, s -> { });
                assertEquals(mark, t.next(0).orElseThrow().batch().firstHeight(), "what was in flight goes again");
            }
        }
    }

    @Test
    void resendRequest_servedFirst_asCauseResend_onlyForHeldHeights() throws Exception {
        try (GatewayDir gw = new GatewayDir(tmp, new NodeLedger()); Outbox outbox = Outbox.open(Files.createDirectories(gw.anchorDir()))) {
            gw.seal(20);
            Telemetry t = new Telemetry(gw.id.gatewayId(), gw.store, outbox, 20, new Pacer(1000), BlockBatch.TARGET_BYTES, s -> { });
            assertTrue(t.next(0).isEmpty(), "everything published already");
            assertTrue(t.requested(Messages.encodeResend(new ResendRequest(gw.id.gatewayId(), NodeLedger.NODE_ID, 15, 10))));
            assertFalse(t.requested(Messages.encodeResend(new ResendRequest("88.1001.31/GW-OTHER", NodeLedger.NODE_ID, 0, 1))));
            assertFalse(t.requested(new byte[] {1, 7, 0}));
            Telemetry.Batch b = t.next(0).orElseThrow();
            assertEquals(BlockBatch.Cause.RESEND, b.batch().cause());
            assertEquals(15, b.batch().firstHeight());
            assertEquals(19, b.batch().lastHeight(), "heights beyond the head are ignored");
            org.junit.jupiter.api.Assertions.assertArrayEquals(b.payload(), Messages.encodeBlocks(Messages.decodeBlocks(b.payload())));
            assertEquals(5, Messages.decodeBlocks(b.payload()).blocks().size());
            assertTrue(t.next(0).isEmpty());
        }
    }

    @Test
    void pacer_allowsOneSecondsBurst_thenTheRate() {
        Pacer p = new Pacer(50);
        assertEquals(50, p.available(0));
        p.take(50, 0);
        assertEquals(0, p.available(0));
        assertEquals(S / 50, p.nextAt(0));
        assertEquals(25, p.available(S / 2));
        assertEquals(50, p.available(100 * S), "never more than one second saved up");
    }
}
