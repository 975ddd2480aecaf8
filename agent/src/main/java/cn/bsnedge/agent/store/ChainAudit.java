package cn.bsnedge.agent.store;

import cn.bsnedge.ledger.block.BlockVerifier;
import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.block.VerificationException;
import cn.bsnedge.ledger.block.VerificationException.Link;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.PublicKey;

import cn.bsnedge.ledger.entry.ClockStep;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.SensorCalibration;
import cn.bsnedge.ledger.entry.SensorRegistration;
import cn.bsnedge.ledger.entry.SensorRetirement;
import cn.bsnedge.ledger.registry.RegistryException;
import cn.bsnedge.ledger.registry.SensorRegistry;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Verifies a stored chain: every block's contents, signature and link to its predecessor,
 * and the per-block seq summaries that locate readings. The agent runs it over the tail on every start;
 * {@code bsn-edge check} runs it over everything.
 */
public final class ChainAudit {

    /** Told after each block, so a long check can show progress. */
    public interface Progress {
        void checked(long blocksDone, long blocksTotal, long entriesDone);
    }

    /**
     * What a full check covered.
     *
     * @param registeredSensors sensors the chain's registry knows; 0 for a pre-registry chain
     *                          (no registry entries at all), whose readings are tied to no registration
     */
    public record Report(long blocks, long entries, ChainHead head, int registeredSensors, ClockSteps clockSteps) {
    }

    /**
     * The gateway's clock steps (FORMAT.md §2.9) the chain holds: how many each way, and the last
     * one with where it sits, for the operator to relate it to readings.
     */
    public record ClockSteps(long backward, long forward, Optional<Located> last) {
        static final ClockSteps NONE = new ClockSteps(0, 0, Optional.empty());

        ClockSteps plus(Located at) {
            return at.step().backwards() ? new ClockSteps(backward + 1, forward, Optional.of(at))
                    : new ClockSteps(backward, forward + 1, Optional.of(at));
        }

        public long total() {
            return backward + forward;
        }
    }

    /** A clock step at block {@code height}, leaf {@code leafIndex}. */
    public record Located(long height, int leafIndex, ClockStep step) {
    }

    private ChainAudit() {
    }

    /** Checks the last {@code tailBlocks} blocks and that they end at the store's head. */
    public static void checkTail(LogBlockStore store, PublicKey key, int tailBlocks) throws VerificationException, StoreException {
        long size = store.size();
        long from = Math.max(0, size - tailBlocks);
        ChainHead expected = from == 0 ? ChainHead.genesis(key.suite().hash().size())
                : ChainHead.after(load(store, from - 1));
        SeqSummary running = from == 0 ? SeqSummary.empty() : summary(store, from - 1);
        for (long h = from; h < size; h++) {
            MicroBlock b = load(store, h);
            checkBlock(b, expected, key);
            running = checkSummary(b, running, summary(store, h));
            expected = ChainHead.after(b);
        }
        requireHead(store, expected);
    }

    /**
     * Reads the whole log in order, independently of the index, and checks every record: heights
     * 0, 1, 2… without gaps, contents, signature, link, seq summary, and that the index points at it.
     */
    public static Report checkAll(LogBlockStore store, PublicKey key, Progress progress) throws VerificationException, StoreException {
        long size = store.size();
        ChainHead[] expected = {ChainHead.genesis(key.suite().hash().size())};
        SeqSummary[] running = {SeqSummary.empty()};
        long[] entries = {0};
        SensorRegistry registry = new SensorRegistry();
        boolean[] sawRegistryEntry = {false};
        String[] firstViolation = {null};
        ClockSteps[] steps = {ClockSteps.NONE};
        try {
            store.scanLog(e -> {
                try {
                    long h = expected[0].nextHeight();
                    if (e.height() != h) {
                        throw new VerificationException(Link.CHAIN, "log record has height " + e.height() + ", want " + h);
                    }
                    MicroBlock b;
                    SeqSummary stored;
                    try {
                        b = MicroBlock.decode(StoredBlockCodec.unpack(e.storedBlock()));
                        stored = SeqSummary.decode(e.summary());
                    } catch (FormatException ex) {
                        throw new VerificationException(Link.FORMAT, "block " + h + ": " + ex.getMessage(), ex);
                    }
                    List<Entry> decoded = checkBlock(b, expected[0], key);
                    for (int i = 0; i < decoded.size(); i++) {
                        Entry entry = decoded.get(i);
                        // Clock steps are not registry entries: a pre-registry chain stays one.
                        sawRegistryEntry[0] |= entry instanceof SensorRegistration || entry instanceof SensorCalibration
                                || entry instanceof SensorRetirement;
                        if (entry instanceof ClockStep c) {
                            steps[0] = steps[0].plus(new Located(h, i, c));
                        }
                        try {
                            registry.accept(entry);
                        } catch (RegistryException re) {
                            if (firstViolation[0] == null) {
                                firstViolation[0] = "block " + h + ": " + re.getMessage();
                            }
                        }
                    }
                    running[0] = checkSummary(b, running[0], stored);
                    if (store.indexedPosition(h) != e.position()) {
                        throw new VerificationException(Link.INDEX, "index position of block " + h + ": got "
                                + store.indexedPosition(h) + ", want " + e.position());
                    }
                    entries[0] += b.entryCount();
                    expected[0] = ChainHead.after(b);
                    progress.checked(h + 1, size, entries[0]);
                } catch (VerificationException ve) {
                    throw new BrokenChainException(ve.link(), ve.getMessage(), ve);
                }
            });
        } catch (BrokenChainException e) {
            throw e.getCause() instanceof VerificationException ve ? ve : new VerificationException(e.link(), e.getMessage(), e);
        }
        if (store.indexSize() != expected[0].nextHeight()) {
            throw new VerificationException(Link.INDEX, "index holds " + store.indexSize() + " blocks, the log " + expected[0].nextHeight());
        }
        requireHead(store, expected[0]);
        // A chain that has registry entries must follow the registry rules throughout. A chain with
        // none at all predates them (FORMAT.md §2.8): reported as such, not failed.
        if (sawRegistryEntry[0] && firstViolation[0] != null) {
            throw new VerificationException(Link.REGISTRY, firstViolation[0]);
        }
        return new Report(expected[0].nextHeight(), entries[0], expected[0], sawRegistryEntry[0] ? registry.sensors().size() : 0,
                steps[0]);
    }

    private static MicroBlock load(LogBlockStore store, long height) throws StoreException, VerificationException {
        try {
            return store.block(height).orElseThrow(() ->
                    new VerificationException(Link.CHAIN, "block " + height + " is missing"));
        } catch (BrokenChainException e) {
            throw new VerificationException(e.link(), e.getMessage(), e);
        }
    }

    private static List<Entry> checkBlock(MicroBlock b, ChainHead expected, PublicKey key) throws VerificationException {
        BlockVerifier.verifyLink(expected, b.header());
        List<Entry> decoded = BlockVerifier.verifyContents(b);
        BlockVerifier.verifySignature(b.header(), b.signature(), key);
        return decoded;
    }

    private static SeqSummary summary(LogBlockStore store, long height) throws VerificationException, StoreException {
        try {
            return store.summaryAt(height);
        } catch (BrokenChainException e) {
            throw new VerificationException(e.link(), e.getMessage(), e);
        }
    }

    /** The stored summary of {@code b} must be the running summary advanced by {@code b}'s seqs. */
    private static SeqSummary checkSummary(MicroBlock b, SeqSummary before, SeqSummary got) throws VerificationException {
        SeqSummary want;
        try {
            want = before.plus(LogBlockStore.blockMaxSeqs(b));
        } catch (FormatException e) {
            throw new VerificationException(Link.ENTRY, "block " + b.height() + ": " + e.getMessage(), e);
        }
        if (!got.equals(want)) {
            throw new VerificationException(Link.INDEX, "seq summary of block " + b.height() + ": got "
                    + got.lastSeq() + ", want " + want.lastSeq());
        }
        return want;
    }

    private static void requireHead(LogBlockStore store, ChainHead expected) throws VerificationException {
        ChainHead head = store.head();
        if (head.nextHeight() != expected.nextHeight() || !Arrays.equals(head.headHash(), expected.headHash())) {
            throw new VerificationException(Link.CHAIN, "store head " + head + " does not match the verified chain " + expected);
        }
    }
}
