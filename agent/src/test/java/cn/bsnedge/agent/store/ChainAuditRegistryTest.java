package cn.bsnedge.agent.store;

import cn.bsnedge.ledger.block.BlockSealer;
import cn.bsnedge.ledger.block.VerificationException;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.entry.Calibration;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.entry.SensorRegistration;
import cn.bsnedge.ledger.entry.SensorRetirement;
import cn.bsnedge.ledger.entry.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** check folds the registry over the chain: a chain with registry entries must follow its rules. */
class ChainAuditRegistryTest {

    private static final PrivateKey KEY = Chains.newKey(CryptoSuite.ED25519_SHA256);
    private static final Timestamp T = Timestamp.ofMillis(1_790_000_000_000L);

    @TempDir
    Path dir;

    private static SensorRegistration registration(cn.bsnedge.ledger.entry.SensorCode s) {
        return new SensorRegistration(s, 1, T, ClockQuality.SYNCED, "simulated", "none", 1000, Optional.empty(), "",
                Calibration.IDENTITY, "li.wei");
    }

    private static Reading reading(cn.bsnedge.ledger.entry.SensorCode s, long seq) {
        return new Reading(s, seq, T, ClockQuality.SYNCED, "temperature", "Cel", new ReadingValue.Decimal(2000 + seq, 2));
    }

    private ChainAudit.Report audit(List<List<Entry>> blocks) throws Exception {
        BlockSealer sealer = new BlockSealer(KEY.signer(), Chains.GATEWAY);
        try (LogBlockStore store = LogBlockStore.openOrCreate(dir.resolve("store"), Chains.GATEWAY, KEY.publicKey())) {
            for (List<Entry> b : blocks) {
                store.append(sealer.seal(store.head(), b));
            }
            return ChainAudit.checkAll(store, KEY.publicKey(), (d, t, e) -> { });
        }
    }

    @Test
    void checkAll_registeredReadingsAndARetirement_pass_andCountTheSensors() throws Exception {
        ChainAudit.Report r = audit(List.of(
                List.of(registration(Chains.TMP), registration(Chains.WTR), reading(Chains.TMP, 2)),
                List.of(reading(Chains.WTR, 2), new SensorRetirement(Chains.WTR, 3, T, ClockQuality.SYNCED, "li.wei", "replaced"))));
        assertEquals(2, r.registeredSensors());
    }

    @Test
    void checkAll_readingOfAnUnregisteredSensorInARegistryChain_failsAtRegistry() {
        VerificationException e = assertThrows(VerificationException.class, () -> audit(List.of(
                List.of(registration(Chains.TMP), reading(Chains.TMP, 2)),
                List.of(reading(Chains.WTR, 1)))));
        assertEquals(VerificationException.Link.REGISTRY, e.link(), e.getMessage());
    }

    @Test
    void checkAll_readingAfterRetirement_failsAtRegistry() {
        VerificationException e = assertThrows(VerificationException.class, () -> audit(List.of(
                List.of(registration(Chains.TMP), new SensorRetirement(Chains.TMP, 2, T, ClockQuality.SYNCED, "li.wei", "gone")),
                List.of(reading(Chains.TMP, 3)))));
        assertEquals(VerificationException.Link.REGISTRY, e.link(), e.getMessage());
    }

    @Test
    void checkAll_preRegistryChain_passes_withNoRegisteredSensors() throws Exception {
        assertEquals(0, audit(List.of(List.of(reading(Chains.TMP, 1), reading(Chains.WTR, 1)))).registeredSensors());
    }

    private static cn.bsnedge.ledger.entry.ClockStep step(cn.bsnedge.ledger.entry.SensorCode code, long seq) {
        return new cn.bsnedge.ledger.entry.ClockStep(code, seq, Timestamp.ofMillis(1_790_000_001_000L), ClockQuality.SYNCED, T);
    }

    @Test
    void checkAll_clockStepsBetweenRegisteredReadings_pass_andAreReported() throws Exception {
        var gw = cn.bsnedge.ledger.entry.SensorCode.of(Chains.GATEWAY);
        ChainAudit.Report r = audit(List.of(
                List.of(registration(Chains.TMP), reading(Chains.TMP, 2), step(gw, 1), reading(Chains.TMP, 3)),
                List.of(step(gw, 2), reading(Chains.TMP, 4))));
        assertEquals(1, r.registeredSensors());
        assertEquals(2, r.clockSteps().forward());
        assertEquals(new ChainAudit.Located(1, 0, step(gw, 2)), r.clockSteps().last().orElseThrow());
    }

    @Test
    void checkAll_sensorRegisteredUnderTheGatewaysCode_thenAClockStep_failsAtRegistry() {
        var gw = cn.bsnedge.ledger.entry.SensorCode.of(Chains.GATEWAY);
        VerificationException e = assertThrows(VerificationException.class, () -> audit(List.of(
                List.of(registration(gw), step(gw, 2)))));
        assertEquals(VerificationException.Link.REGISTRY, e.link(), e.getMessage());
    }

    @Test
    void checkAll_preRegistryChainWithAClockStep_staysAPreRegistryChain() throws Exception {
        var gw = cn.bsnedge.ledger.entry.SensorCode.of(Chains.GATEWAY);
        ChainAudit.Report r = audit(List.of(List.of(reading(Chains.TMP, 1), step(gw, 1), reading(Chains.TMP, 2))));
        assertEquals(0, r.registeredSensors());
        assertEquals(1, r.clockSteps().total());
    }
}
