package cn.bsnedge.agent.cli;

import cn.bsnedge.agent.store.ChainAudit;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.ClockStep;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.Timestamp;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What {@code bsn-edge check} says about a chain's clock steps. */
class CheckClockStepsLineTest {

    @Test
    void noSteps_saysSo() {
        assertEquals("clock: no clock steps sealed", CheckCommand.clockSteps(new ChainAudit.ClockSteps(0, 0, Optional.empty())));
    }

    @Test
    void steps_areCountedByDirection_andTheLastIsLocatedAndDescribed() {
        ClockStep back = new ClockStep(SensorCode.of("88.1001.31/GW-0007"), 2, Timestamp.ofMillis(1763893048480L), ClockQuality.SYNCED,
                Timestamp.ofMillis(1763893078480L));
        assertEquals("clock: 2 clock steps sealed (1 backwards, 1 forwards); the last, seq 2 at block 9 leaf 4:"
                        + " backwards by PT30S (from 2025-11-23T10:17:58.480Z to 2025-11-23T10:17:28.480Z, synced after)",
                CheckCommand.clockSteps(new ChainAudit.ClockSteps(1, 1, Optional.of(new ChainAudit.Located(9, 4, back)))));
    }
}
