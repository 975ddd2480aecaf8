package cn.bsnedge.node.testing;

import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.anchor.BlockHashLog;
import cn.bsnedge.ledger.anchor.MemoryNodeStore;
import cn.bsnedge.ledger.block.BlockSealer;
import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.bundle.TrustedKey;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.TimeResolution;
import cn.bsnedge.ledger.entry.Timestamp;
import cn.bsnedge.ledger.merkle.MerkleHasher;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A gateway built from ledger-lite alone: it seals blocks of readings, keeps the block-hash log and
 * makes anchors, as the agent does, with a fixed clock. {@link #rewrite} forges another history from
 * a height on, signed with the same key, as a compromised gateway would.
 */
public final class FakeGateway {

    public static final long T0 = 1_795_000_000_000L;

    private final String id;
    private final PrivateKey key;
    private final BlockSealer sealer;
    private BlockHashLog log;
    private final List<MicroBlock> chain = new ArrayList<>();
    private long seq;
    private long time = T0;

    public FakeGateway(String id, CryptoSuite suite, long seed) {
        this.id = id;
        SecureRandom r;
        try {
            r = SecureRandom.getInstance("SHA1PRNG");
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        r.setSeed(seed);
        this.key = PrivateKey.generate(suite, r);
        this.sealer = new BlockSealer(key.signer(), id);
        this.log = BlockHashLog.create(new MerkleHasher(suite.hash()), new MemoryNodeStore());
    }

    public String id() {
        return id;
    }

    public PrivateKey key() {
        return key;
    }

    public TrustedKey trustedKey() {
        return new TrustedKey(id, key.publicKey());
    }

    public List<MicroBlock> chain() {
        return List.copyOf(chain);
    }

    public long size() {
        return chain.size();
    }

    public BlockHashLog log() {
        return log;
    }

    /** Seals {@code n} blocks of {@code readings} readings each. */
    public List<MicroBlock> seal(int n, int readings) {
        List<MicroBlock> out = new ArrayList<>();
        try {
            for (int b = 0; b < n; b++) {
                List<Reading> rs = new ArrayList<>();
                for (int i = 0; i < readings; i++) {
                    time += 1000;
                    rs.add(new Reading(SensorCode.of("88.1001.31/TMP-0001"), seq++, new Timestamp(time, TimeResolution.MILLISECONDS),
                            ClockQuality.SYNCED, "temperature", "Cel", new ReadingValue.Decimal(2000 + seq % 100, 2)));
                }
                ChainHead head = chain.isEmpty() ? ChainHead.genesis(key.suite().hash().size()) : ChainHead.after(chain.getLast());
                MicroBlock block = sealer.seal(head, rs);
                chain.add(block);
                log.append(block.hash());
                out.add(block);
            }
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    public Anchor anchor(long prevSize) {
        return anchorAt(log.size(), prevSize);
    }

    public Anchor anchorAt(long treeSize, long prevSize) {
        try {
            time += 1000;
            return Anchor.createAt(log, treeSize, prevSize, key.signer(), id, time, ClockQuality.SYNCED);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** Drops blocks from {@code height} on and seals {@code n} different ones in their place. */
    public List<MicroBlock> rewrite(long height, int n) {
        List<MicroBlock> kept = new ArrayList<>(chain.subList(0, (int) height));
        chain.clear();
        log = BlockHashLog.create(new MerkleHasher(key.suite().hash()), new MemoryNodeStore());
        for (MicroBlock b : kept) {
            chain.add(b);
            log.append(b.hash());
        }
        time += 777;
        return seal(n, 2);
    }
}
