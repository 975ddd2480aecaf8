package cn.bsnedge.node.bench;

import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.anchor.BlockHashLog;
import cn.bsnedge.ledger.anchor.MemoryNodeStore;
import cn.bsnedge.ledger.block.BlockSealer;
import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.block.MicroBlock;
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

/** A gateway made of ledger-lite parts for the benchmarks: seals blocks of readings and anchors them. */
final class SyntheticGateway {

    private final String id;
    private final PrivateKey key;
    private final BlockSealer sealer;
    private final BlockHashLog log;
    private MicroBlock last;
    private long seq;
    private long time = 1_795_000_000_000L;

    SyntheticGateway(String id, CryptoSuite suite, SecureRandom random) {
        this.id = id;
        this.key = PrivateKey.generate(suite, random);
        this.sealer = new BlockSealer(key.signer(), id);
        this.log = BlockHashLog.create(new MerkleHasher(suite.hash()), new MemoryNodeStore());
    }

    String id() {
        return id;
    }

    PrivateKey key() {
        return key;
    }

    long size() {
        return log.size();
    }

    MicroBlock seal(int readings) throws GeneralSecurityException {
        List<Reading> rs = new ArrayList<>(readings);
        for (int i = 0; i < readings; i++) {
            time += 100;
            rs.add(new Reading(SensorCode.of("88.1001.31/TMP-0001"), seq++, new Timestamp(time, TimeResolution.MILLISECONDS),
                    ClockQuality.SYNCED, "temperature", "Cel", new ReadingValue.Decimal(1500 + seq % 1000, 2)));
        }
        ChainHead head = last == null ? ChainHead.genesis(key.suite().hash().size()) : ChainHead.after(last);
        last = sealer.seal(head, rs);
        log.append(last.hash());
        return last;
    }

    /** Seals one block (the hash alone matters for anchors) and anchors from {@code prevSize}. */
    Anchor anchor(long prevSize) throws GeneralSecurityException {
        time += 1000;
        return Anchor.create(log, prevSize, key.signer(), id, time, ClockQuality.SYNCED);
    }

    void appendHash(byte[] hash) {
        log.append(hash);
    }
}
