package cn.bsnedge.agent.registry;

import cn.bsnedge.ledger.entry.Calibration;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.entry.SensorCalibration;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.SensorRegistration;
import cn.bsnedge.ledger.entry.SensorRetirement;
import cn.bsnedge.ledger.entry.Timestamp;
import cn.bsnedge.ledger.registry.SensorRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistrarAndGateTest {

    private static final SensorCode TMP = SensorCode.of("88.1001.31/TMP-0001");
    private static final SensorCode WTR = SensorCode.of("88.1001.31/WTR-0001234");
    private static final Timestamp NOW = Timestamp.ofMillis(1_790_000_000_000L);
    private static final Calibration TWEAK = new Calibration(new ReadingValue.Decimal(-12, 3),
            new ReadingValue.Decimal(125, 2), "zhang.min", 1_780_000_000_000L);

    private static SensorDeclaration declared(SensorCode code, Calibration c, boolean active) {
        return new SensorDeclaration(code, "simulated", "none", Duration.ofSeconds(1), Optional.empty(), "pump house 3",
                c, "li.wei", active, "");
    }

    private static Reading reading(SensorCode code, long seq, long unscaled) {
        return new Reading(code, seq, NOW, ClockQuality.SYNCED, "temperature", "Cel", new ReadingValue.Decimal(unscaled, 2));
    }

    @Test
    void reconcile_newActiveSensors_areRegisteredAtTheirNextSeq_retiredNewOnesAreNot() throws Exception {
        List<Entry> out = Registrar.reconcile(List.of(declared(TMP, Calibration.IDENTITY, true), declared(WTR, TWEAK, false)),
                new SensorRegistry(), code -> code.equals(TMP) ? 41 : 0, NOW, ClockQuality.SYNCED);
        assertEquals(1, out.size());
        SensorRegistration r = assertInstanceOf(SensorRegistration.class, out.getFirst());
        assertEquals(TMP, r.sensor());
        assertEquals(42, r.seq(), "an unregistered sensor with readings (an old chain) registers after them");
        assertEquals("li.wei", r.engineer());
    }

    @Test
    void reconcile_changedCalibration_retirement_andUnchanged_giveOneEntryEach() throws Exception {
        SensorRegistry reg = SensorRegistry.fold(List.of(registration(TMP), registration(WTR)));
        Map<SensorCode, Long> last = Map.of(TMP, 10L, WTR, 20L);
        List<Entry> out = Registrar.reconcile(List.of(declared(TMP, TWEAK, true), declared(WTR, Calibration.IDENTITY, false)),
                reg, last::get, NOW, ClockQuality.SYNCED);
        assertEquals(2, out.size());
        SensorCalibration c = assertInstanceOf(SensorCalibration.class, out.get(0));
        assertEquals(11, c.seq());
        assertEquals(TWEAK, c.calibration());
        SensorRetirement t = assertInstanceOf(SensorRetirement.class, out.get(1));
        assertEquals(21, t.seq());
        assertEquals(List.of(), Registrar.reconcile(List.of(declared(TMP, Calibration.IDENTITY, true)), reg, last::get, NOW, ClockQuality.SYNCED));
    }

    private static SensorRegistration registration(SensorCode code) {
        return new SensorRegistration(code, 1, NOW, ClockQuality.SYNCED, "simulated", "none", 1000, Optional.empty(),
                "pump house 3", Calibration.IDENTITY, "li.wei");
    }

    /** Driver, wiring, interval and location are the registration's: a declaration that changes them is refused, naming both values. */
    @Test
    void reconcile_changedIntervalWiringOrLocation_ofARegisteredSensor_isRefused() throws Exception {
        SensorRegistry reg = SensorRegistry.fold(List.of(registration(TMP)));
        SensorDeclaration same = declared(TMP, Calibration.IDENTITY, true);
        assertEquals(List.of(), Registrar.reconcile(List.of(same), reg, c -> 1, NOW, ClockQuality.SYNCED));
        Map<String, SensorDeclaration> changes = Map.of(
                "interval is 5s in the configuration, 1s in its registration (seq 1)",
                new SensorDeclaration(TMP, "simulated", "none", Duration.ofSeconds(5), Optional.empty(), "pump house 3",
                        Calibration.IDENTITY, "li.wei", true, ""),
                "wiring is i2c:1:0x76 in the configuration, none in its registration",
                new SensorDeclaration(TMP, "simulated", "i2c:1:0x76", Duration.ofSeconds(1), Optional.empty(), "pump house 3",
                        Calibration.IDENTITY, "li.wei", true, ""),
                "location is none 'pump house 4' in the configuration, none 'pump house 3' in its registration",
                new SensorDeclaration(TMP, "simulated", "none", Duration.ofSeconds(1), Optional.empty(), "pump house 4",
                        Calibration.IDENTITY, "li.wei", true, ""));
        changes.forEach((message, d) -> {
            var e = assertThrows(Registrar.DeclarationException.class,
                    () -> Registrar.reconcile(List.of(d), reg, c -> 1, NOW, ClockQuality.SYNCED));
            assertTrue(e.getMessage().contains(message) && e.getMessage().contains("register the sensor under a new code"), e.getMessage());
        });
        // Retiring it with a changed interval is fine: the retirement is all that is sealed.
        SensorDeclaration retiredMoved = new SensorDeclaration(TMP, "simulated", "none", Duration.ofSeconds(5), Optional.empty(),
                "", Calibration.IDENTITY, "li.wei", false, "moved to pump house 4");
        SensorRetirement t = assertInstanceOf(SensorRetirement.class,
                Registrar.reconcile(List.of(retiredMoved), reg, c -> 1, NOW, ClockQuality.SYNCED).getFirst());
        assertEquals("moved to pump house 4", t.reason(), "note is the retirement's reason");
    }

    @Test
    void reconcile_reviveARetiredCode_isRefusedNamingItAndTheRule() throws Exception {
        SensorRegistry reg = SensorRegistry.fold(List.of(
                new SensorRegistration(TMP, 1, NOW, ClockQuality.SYNCED, "simulated", "none", 1000, Optional.empty(), "", Calibration.IDENTITY, "li.wei"),
                new SensorRetirement(TMP, 2, NOW, ClockQuality.SYNCED, "li.wei", "replaced")));
        var e = assertThrows(Registrar.DeclarationException.class, () -> Registrar.reconcile(
                List.of(declared(TMP, Calibration.IDENTITY, true)), reg, c -> 2, NOW, ClockQuality.SYNCED));
        assertTrue(e.getMessage().contains(TMP.value()) && e.getMessage().contains("never reused"), e.getMessage());
    }

    @Test
    void gate_refusesUnknownAndRetiredSensors_appliesCalibration_andOnlyAdvancesWhenTheBatcherTakesIt() {
        List<Entry> sealed = new ArrayList<>();
        boolean[] batcherFull = {false};
        List<String> log = new ArrayList<>();
        RegistryGate gate = new RegistryGate(new SensorRegistry(), e -> !batcherFull[0] && sealed.add(e), log::add);

        assertFalse(gate.test(reading(TMP, 1, 2000)), "unknown sensor");
        assertEquals(1, gate.refused());
        assertTrue(gate.test(new SensorRegistration(TMP, 1, NOW, ClockQuality.SYNCED, "simulated", "none", 1000,
                Optional.empty(), "", TWEAK, "li.wei")));
        assertTrue(gate.test(reading(TMP, 2, 2140)));
        Reading corrected = (Reading) sealed.getLast();
        // 21.40 × 1.25 + (−0.012) = 26.7380: exact, at the scale the arithmetic gives (FORMAT.md §2.6)
        assertEquals(new java.math.BigDecimal("26.7380"), ((ReadingValue.Decimal) corrected.value()).toBigDecimal());

        batcherFull[0] = true;
        assertFalse(gate.test(reading(TMP, 3, 2150)), "queue full");
        batcherFull[0] = false;
        assertTrue(gate.test(reading(TMP, 3, 2150)), "the refused seq is free again");

        assertTrue(gate.test(new SensorRetirement(TMP, 4, NOW, ClockQuality.SYNCED, "li.wei", "replaced")));
        assertFalse(gate.test(reading(TMP, 5, 2160)), "retired sensor");
        assertEquals(2, gate.refused());
        assertTrue(log.stream().anyMatch(l -> l.contains("registry refused")), log.toString());
    }
}
