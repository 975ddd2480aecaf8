package cn.bsnedge.ledger.registry;

import static cn.bsnedge.ledger.Fixtures.TMP42;
import static cn.bsnedge.ledger.Fixtures.tmp42Reading;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.entry.Calibration;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.SensorCalibration;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.SensorRegistration;
import cn.bsnedge.ledger.entry.SensorRetirement;
import cn.bsnedge.ledger.registry.RegistryException.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** FORMAT.md §2.8: the registry state machine, one rule per test. */
class SensorRegistryTest {

    private static final long T = 1763712000000L;
    private static final SensorCode OTHER = SensorCode.of("88.1001.31/TMP-0000043");

    private static SensorRegistration registration(SensorCode code, long seq) {
        SensorRegistration r = Fixtures.registration();
        return new SensorRegistration(code, seq, r.time(), r.clock(), r.driver(), r.bus(), r.intervalMillis(), r.location(),
                r.locationDescription(), r.calibration(), r.engineer());
    }

    private static SensorCalibration calibration(long seq) {
        SensorCalibration c = Fixtures.recalibration();
        return new SensorCalibration(TMP42, seq, c.time(), c.clock(), c.calibration(), c.engineer(), c.reason());
    }

    private static SensorRetirement retirement(long seq) {
        SensorRetirement r = Fixtures.retirement();
        return new SensorRetirement(TMP42, seq, r.time(), r.clock(), r.engineer(), r.reason());
    }

    private static RegistryException refused(List<? extends Entry> entries) {
        return assertThrows(RegistryException.class, () -> SensorRegistry.fold(entries));
    }

    private static void assertRefused(Problem want, long atSeq, List<? extends Entry> entries) {
        RegistryException e = refused(entries);
        assertEquals(want, e.problem(), e.getMessage());
        assertEquals(atSeq, e.seq(), e.getMessage());
        assertTrue(e.getMessage().startsWith(e.sensor() + " seq " + atSeq + " ("), e.getMessage());
    }

    @Test
    void fold_wholeLife_endsRetiredWithTheRecalibration() throws RegistryException {
        SensorState s = SensorRegistry.fold(Fixtures.registryLife()).state(TMP42).orElseThrow();
        assertEquals(SensorState.Status.RETIRED, s.status());
        assertEquals(6, s.lastSeq());
        assertEquals(Fixtures.recalibration().calibration(), s.calibration());
        assertEquals(4, s.calibrationSeq());
        assertEquals(Fixtures.registration(), s.registration());
        assertEquals(Optional.of(Fixtures.retirement()), s.retirement());
    }

    @Test
    void calibrationAt_usesTheLatestRegistryEntryWithASmallerSeq() throws RegistryException {
        SensorRegistry r = SensorRegistry.fold(Fixtures.registryLife());
        Calibration initial = Fixtures.registration().calibration();
        Calibration recal = Fixtures.recalibration().calibration();
        List<Optional<Calibration>> want = List.of(Optional.empty(), Optional.empty(), Optional.of(initial),
                Optional.of(initial), Optional.of(initial), Optional.of(recal), Optional.of(recal), Optional.empty());
        for (long seq = 0; seq <= 7; seq++) {
            assertEquals(want.get((int) seq), r.calibrationAt(TMP42, seq), "seq " + seq);
        }
        assertEquals(Optional.empty(), r.calibrationAt(OTHER, 2));
    }

    @Test
    void readingOfAnUnknownSensor_isRefused() {
        assertRefused(Problem.UNKNOWN_SENSOR, 2, List.of(tmp42Reading(2, T, "1.0")));
        assertRefused(Problem.UNKNOWN_SENSOR, 2, List.of(registration(OTHER, 1), tmp42Reading(2, T, "1.0")));
        assertTrue(refused(List.of(tmp42Reading(2, T, "1.0"))).getMessage().contains("not registered"));
    }

    @Test
    void calibrationOrRetirementOfAnUnknownSensor_isRefused() {
        assertRefused(Problem.UNKNOWN_SENSOR, 4, List.of(calibration(4)));
        assertRefused(Problem.UNKNOWN_SENSOR, 6, List.of(retirement(6)));
    }

    @Test
    void anyEntryAfterRetirement_isRefused_evenWithAHigherSeq() {
        List<Entry> retired = List.of(registration(TMP42, 1), retirement(2));
        for (Entry after : List.of(tmp42Reading(3, T, "1.0"), calibration(3), retirement(3))) {
            List<Entry> all = new ArrayList<>(retired);
            all.add(after);
            assertRefused(Problem.RETIRED_SENSOR, 3, all);
            assertTrue(refused(all).getMessage().contains("retired at seq 2"));
        }
    }

    @Test
    void reRegistrationAfterRetirement_isRefused_codesAreNeverReused() {
        RegistryException e = refused(List.of(registration(TMP42, 1), retirement(2), registration(TMP42, 3)));
        assertEquals(Problem.RETIRED_SENSOR, e.problem());
        assertTrue(e.getMessage().contains("never reused"), e.getMessage());
    }

    @Test
    void secondRegistrationOfAnActiveSensor_isRefused() {
        assertRefused(Problem.ALREADY_REGISTERED, 5, List.of(registration(TMP42, 1), registration(TMP42, 5)));
        assertRefused(Problem.ALREADY_REGISTERED, 1, List.of(registration(TMP42, 1), registration(TMP42, 1)));
    }

    @Test
    void seqThatDoesNotIncrease_isRefused_forEveryEntryType() {
        for (Entry e : List.of(tmp42Reading(3, T, "1.0"), calibration(3), retirement(3), tmp42Reading(2, T, "1.0"))) {
            RegistryException x = refused(List.of(registration(TMP42, 1), tmp42Reading(3, T, "0.5"), e));
            assertEquals(Problem.SEQ_NOT_INCREASING, x.problem());
            assertTrue(x.getMessage().endsWith("got seq " + e.seq() + ", want > 3"), x.getMessage());
        }
        assertRefused(Problem.SEQ_NOT_INCREASING, 1, List.of(registration(TMP42, 1), tmp42Reading(1, T, "1.0")));
    }

    @Test
    void seqGapsAndRegistrationAtAnySeq_areAllowed() throws RegistryException {
        SensorRegistry r = SensorRegistry.fold(List.of(registration(TMP42, 40), tmp42Reading(41, T, "1"),
                tmp42Reading(1000, T, "2"), calibration(1001), tmp42Reading(Long.MAX_VALUE, T, "3")));
        assertEquals(Long.MAX_VALUE, r.state(TMP42).orElseThrow().lastSeq());
        assertEquals(Optional.of(Fixtures.recalibration().calibration()), r.calibrationAt(TMP42, Long.MAX_VALUE));
    }

    @Test
    void sensorsHaveIndependentSequences() throws RegistryException {
        SensorRegistry r = SensorRegistry.fold(List.of(registration(TMP42, 1), tmp42Reading(9, T, "1"),
                registration(OTHER, 1), retirement(10)));
        assertEquals(SensorState.Status.ACTIVE, r.state(OTHER).orElseThrow().status());
        assertEquals(1, r.state(OTHER).orElseThrow().lastSeq());
        assertEquals(List.of(TMP42, OTHER), r.sensors().stream().map(s -> s.registration().sensor()).toList());
    }

    @Test
    void check_andARefusedAccept_leaveTheStateUnchanged() throws RegistryException {
        SensorRegistry r = SensorRegistry.fold(List.of(registration(TMP42, 1), tmp42Reading(2, T, "1")));
        SensorState before = r.state(TMP42).orElseThrow();
        r.check(tmp42Reading(3, T, "1"));
        r.check(retirement(3));
        assertEquals(before, r.state(TMP42).orElseThrow());
        assertThrows(RegistryException.class, () -> r.accept(tmp42Reading(2, T, "1")));
        assertThrows(RegistryException.class, () -> r.accept(registration(TMP42, 9)));
        assertEquals(before, r.state(TMP42).orElseThrow());
        r.accept(tmp42Reading(3, T, "1"));
        assertEquals(3, r.state(TMP42).orElseThrow().lastSeq());
    }

    @Test
    void fold_stopsAtTheFirstRefusedEntry() {
        RegistryException e = refused(List.of(registration(TMP42, 1), tmp42Reading(2, T, "1"), tmp42Reading(2, T, "1"),
                tmp42Reading(1, T, "1")));
        assertEquals(2, e.seq());
        assertEquals(0x01, e.entryType());
        assertEquals(TMP42, e.sensor());
    }

    private static cn.bsnedge.ledger.entry.ClockStep step(SensorCode code, long seq) {
        cn.bsnedge.ledger.entry.ClockStep f = Fixtures.forwardStep();
        return new cn.bsnedge.ledger.entry.ClockStep(code, seq, f.time(), f.clock(), f.before());
    }

    @Test
    void clockSteps_keepTheirOwnSeq_besideTheSensorsTheyFallBetween() throws RegistryException {
        SensorRegistry r = SensorRegistry.fold(Fixtures.clockStepLife());
        assertEquals(2L, r.lastClockStep(Fixtures.GATEWAY_CODE).orElseThrow());
        assertEquals(4, r.state(Fixtures.TMP43).orElseThrow().lastSeq());
        assertEquals(List.of(Fixtures.TMP43), r.sensors().stream().map(s -> s.registration().sensor()).toList(),
                "the gateway's code is not a sensor");
        assertTrue(new SensorRegistry().lastClockStep(Fixtures.GATEWAY_CODE).isEmpty());
    }

    @Test
    void clockStep_withASeqNotAboveThePreviousStep_isRefused() {
        assertRefused(Problem.SEQ_NOT_INCREASING, 2, List.of(step(Fixtures.GATEWAY_CODE, 2), step(Fixtures.GATEWAY_CODE, 2)));
        assertRefused(Problem.SEQ_NOT_INCREASING, 1, List.of(step(Fixtures.GATEWAY_CODE, 2), step(Fixtures.GATEWAY_CODE, 1)));
    }

    @Test
    void clockStepUnderASensorsCode_andASensorUnderTheGatewaysCode_areRefused() {
        RegistryException e = refused(List.of(registration(TMP42, 1), step(TMP42, 2)));
        assertEquals(Problem.GATEWAY_CODE, e.problem());
        assertTrue(e.getMessage().contains("a clock step carries the gateway's code"), e.getMessage());
        RegistryException g = refused(List.of(step(Fixtures.GATEWAY_CODE, 1), registration(Fixtures.GATEWAY_CODE, 2)));
        assertEquals(Problem.GATEWAY_CODE, g.problem());
        assertTrue(g.getMessage().contains("a sensor needs a code of its own"), g.getMessage());
    }
}
