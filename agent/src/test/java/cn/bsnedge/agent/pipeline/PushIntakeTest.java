package cn.bsnedge.agent.pipeline;

import cn.bsnedge.agent.pipeline.PushIntake.Standing;
import cn.bsnedge.agent.pipeline.PushedReadings.Outcome;
import cn.bsnedge.agent.pipeline.PushedReadings.Refusal;
import cn.bsnedge.agent.pipeline.PushedReadings.Value;
import cn.bsnedge.agent.pipeline.PushedReadings.When;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.Timestamp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PushIntakeTest {

    private static final SensorCode TMP = SensorCode.of("88.1001.31/TMP-0001");
    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00.123456Z");

    private final List<Reading> sealed = new ArrayList<>();
    private final Map<SensorCode, Standing> registry = new HashMap<>(Map.of(TMP, new Standing(Standing.Status.ACTIVE, true, 1)));
    private int room = 100;
    private boolean full;
    private ClockQuality quality = ClockQuality.SYNCED;

    private final PushIntake intake = new PushIntake(r -> !full && sealed.add(r),
            c -> registry.getOrDefault(c, Standing.UNKNOWN), c -> c.equals(TMP) ? 41 : 0, () -> room,
            InstantSource.fixed(NOW), () -> quality, m -> { });

    private static Value temp(String v, When when) {
        return new Value("temperature", "Cel", ReadingValue.Decimal.parse(v), when);
    }

    private static final When NOW_REL = new When.Relative(Duration.ZERO);

    @Test
    void push_continuesAfterTheStoresLastSeq_stampsRelativeTimesFromTheGatewayClock() {
        Outcome o = intake.push(TMP, List.of(temp("21.40", new When.Relative(Duration.ofSeconds(-5))), temp("21.5", NOW_REL)));
        assertEquals(new Outcome.Accepted(42, 2), o);
        assertEquals(42, sealed.get(0).seq());
        assertEquals(Timestamp.ofMillis(NOW.toEpochMilli() - 5000), sealed.get(0).time(), "5 s before arrival, ms resolution");
        assertEquals(ClockQuality.SYNCED, sealed.get(0).clock());
        assertEquals(new ReadingValue.Decimal(2140, 2), sealed.get(0).value(), "trailing zero kept");
        assertEquals(new Outcome.Accepted(44, 1), intake.push(TMP, List.of(temp("21.6", NOW_REL))));
    }

    @Test
    void absoluteTimes_areKeptButNeverClaimSync() {
        Instant sensorClock = Instant.parse("2010-06-08T18:01:16.001Z");
        intake.push(TMP, List.of(temp("1.2", new When.Absolute(sensorClock))));
        assertEquals(Timestamp.ofMillis(sensorClock.toEpochMilli()), sealed.getFirst().time());
        assertEquals(ClockQuality.UNSYNCED, sealed.getFirst().clock(), "the gateway cannot vouch for the sensor's clock");
    }

    @Test
    void unknownRetiredAndSampledSensors_areRefused_andNothingIsSealed() {
        SensorCode other = SensorCode.of("88.1001.31/XXX-1");
        assertEquals(Refusal.UNKNOWN_SENSOR, ((Outcome.Refused) intake.push(other, List.of(temp("1", NOW_REL)))).why());
        registry.put(other, new Standing(Standing.Status.ACTIVE, false, 3));
        assertEquals(Refusal.NOT_PUSHED, ((Outcome.Refused) intake.push(other, List.of(temp("1", NOW_REL)))).why());
        registry.put(TMP, new Standing(Standing.Status.RETIRED, true, 9));
        assertEquals(Refusal.RETIRED_SENSOR, ((Outcome.Refused) intake.push(TMP, List.of(temp("1", NOW_REL)))).why());
        assertEquals(List.of(), sealed);
    }

    @Test
    void anInvalidValue_refusesTheWholePush_andGivesNoSeqAway() {
        Value bad = new Value("Temperature!", "Cel", ReadingValue.Decimal.parse("1"), NOW_REL);
        Outcome o = intake.push(TMP, List.of(temp("1", NOW_REL), bad));
        assertEquals(Refusal.INVALID, ((Outcome.Refused) o).why());
        assertTrue(((Outcome.Refused) o).message().contains("value 2: quantity 'Temperature!'"), o.toString());
        assertEquals(List.of(), sealed);
        assertEquals(new Outcome.Accepted(42, 1), intake.push(TMP, List.of(temp("1", NOW_REL))));
    }

    @Test
    void noRoomInTheQueue_isBusy_wholePushRefused_seqsGivenBack() {
        room = 1;
        assertEquals(Refusal.BUSY, ((Outcome.Refused) intake.push(TMP, List.of(temp("1", NOW_REL), temp("2", NOW_REL)))).why());
        full = true;
        room = 100;
        assertEquals(Refusal.BUSY, ((Outcome.Refused) intake.push(TMP, List.of(temp("1", NOW_REL)))).why());
        full = false;
        assertEquals(new Outcome.Accepted(42, 1), intake.push(TMP, List.of(temp("1", NOW_REL))));
        assertEquals(1, intake.health().get(TMP).readsOk());
        assertEquals(2, intake.health().get(TMP).failures());
    }

    @Test
    void aRegistryEntrySealedMeanwhile_takesItsSeq_andThePushFollowsIt() {
        intake.push(TMP, List.of(temp("1", NOW_REL)));           // seq 42
        registry.put(TMP, new Standing(Standing.Status.ACTIVE, true, 43)); // a recalibration took 43
        assertEquals(new Outcome.Accepted(44, 1), intake.push(TMP, List.of(temp("2", NOW_REL))));
    }

    @Test
    void theSinkRefusingMidPush_isPartial_andTheNextPushContinuesAfterTheTakenOnes() {
        int[] left = {1};
        PushIntake once = new PushIntake(r -> left[0]-- > 0 && sealed.add(r), c -> registry.getOrDefault(c, Standing.UNKNOWN),
                c -> 41, () -> 100, InstantSource.fixed(NOW), () -> quality, m -> { });
        Outcome o = once.push(TMP, List.of(temp("1", NOW_REL), temp("2", NOW_REL), temp("3", NOW_REL)));
        assertEquals(new Outcome.Partial(42, 1, 2, Refusal.BUSY), o);
        left[0] = 5;
        assertEquals(new Outcome.Accepted(43, 1), once.push(TMP, List.of(temp("2", NOW_REL))));
    }

    @Test
    void closed_refusesEverything() {
        intake.close();
        assertInstanceOf(Outcome.Refused.class, intake.push(TMP, List.of(temp("1", NOW_REL))));
        assertEquals(List.of(), sealed);
    }
}
