package cn.bsnedge.node.ledger;

import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.merkle.MerkleHasher;
import cn.bsnedge.ledger.merkle.MerkleTree;
import cn.bsnedge.node.keys.NodeKeyFile.NodeIdentity;
import cn.bsnedge.node.testing.FakeGateway;
import cn.bsnedge.node.testing.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FileAnchorLedgerTest {

    private static final CryptoSuite SUITE = CryptoSuite.ED25519_SHA256;
    private final NodeIdentity node = TestNodes.identity(SUITE);
    private final FakeGateway gw = new FakeGateway(TestNodes.GATEWAY, SUITE, 1);

    @TempDir
    Path dir;

    private LedgerRecord.Anchored anchored(long seq, Anchor a) throws Exception {
        Signed<AnchorReceipt> r = Signed.sign(AnchorReceipt.of(SUITE, node.nodeId(), a.head(), seq, 1_800_000_000_000L + seq),
                node.key().signer());
        return new LedgerRecord.Anchored(seq, a.treeHead(), a.prevSize(), r);
    }

    private List<LedgerRecord.Anchored> appendThree(FileAnchorLedger ledger) throws Exception {
        List<LedgerRecord.Anchored> out = new ArrayList<>();
        long prev = 0;
        for (int i = 0; i < 3; i++) {
            gw.seal(2 + i, 1);
            Anchor a = gw.anchor(prev);
            prev = a.head().treeSize();
            LedgerRecord.Anchored rec = ledger.update(tx -> {
                try {
                    LedgerRecord.Anchored r = anchored(tx.nextSeq(), a);
                    tx.append(r);
                    return r;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            out.add(rec);
        }
        return out;
    }

    @Test
    void reopen_rebuildsIndexAndRoot() throws Exception {
        List<LedgerRecord.Anchored> written;
        LedgerHead head;
        try (FileAnchorLedger l = FileAnchorLedger.open(dir, node.nodeId(), SUITE)) {
            written = appendThree(l);
            head = l.head();
        }
        try (FileAnchorLedger l = FileAnchorLedger.open(dir, node.nodeId(), SUITE)) {
            assertEquals(3, l.head().size());
            assertArrayEquals(head.root(), l.head().root());
            GatewayRecords g = l.records(gw.id());
            assertEquals(3, g.anchorCount());
            assertEquals(written.get(2), g.latestRecord().orElseThrow());
            // An older size is read back from the file, bit for bit (same receipt signature).
            assertEquals(written.get(0), g.recordAt(written.get(0).head().treeSize()).orElseThrow());
            assertTrue(g.recordAt(1).isEmpty());
            List<LedgerRecord> all = new ArrayList<>();
            l.forEach(all::add);
            assertEquals(written, all);
        }
    }

    @Test
    void root_isRfc9162TreeOverRecordBodies() throws Exception {
        try (FileAnchorLedger l = FileAnchorLedger.open(dir, node.nodeId(), SUITE)) {
            List<LedgerRecord.Anchored> written = appendThree(l);
            List<byte[]> bodies = written.stream().map(RecordCodec::encode).toList();
            byte[] want = MerkleTree.fromLeafData(new MerkleHasher(SUITE.hash()), bodies).root();
            assertArrayEquals(want, l.head().root());
        }
    }

    @Test
    void tornTail_isTruncatedOnOpen_andAppendsContinue() throws Exception {
        long goodSize;
        try (FileAnchorLedger l = FileAnchorLedger.open(dir, node.nodeId(), SUITE)) {
            appendThree(l);
            goodSize = Files.size(dir.resolve(FileAnchorLedger.FILE));
        }
        // A writer killed mid-append: a frame header promising more bytes than follow.
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(FileAnchorLedger.FILE).toFile(), "rw")) {
            f.seek(goodSize);
            f.writeInt(500);
            f.writeInt(0x12345678);
            f.write(new byte[100]);
        }
        try (FileAnchorLedger l = FileAnchorLedger.open(dir, node.nodeId(), SUITE)) {
            assertEquals(goodSize, Files.size(dir.resolve(FileAnchorLedger.FILE)));
            assertEquals(3, l.head().size());
            gw.seal(1, 1);
            Anchor a = gw.anchor(l.records(gw.id()).latest().orElseThrow().treeSize());
            l.update(tx -> {
                try {
                    tx.append(anchored(tx.nextSeq(), a));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                return null;
            });
            assertEquals(4, l.head().size());
        }
    }

    @Test
    void damageBeforeGoodRecords_isRefused_notTruncated() throws Exception {
        try (FileAnchorLedger l = FileAnchorLedger.open(dir, node.nodeId(), SUITE)) {
            appendThree(l);
        }
        Path file = dir.resolve(FileAnchorLedger.FILE);
        byte[] bytes = Files.readAllBytes(file);
        int headerLength = LedgerFile.header(SUITE, node.nodeId()).length;
        bytes[headerLength + 20] ^= 1; // inside the first record's body
        Files.write(file, bytes);
        LedgerException e = assertThrows(LedgerException.class, () -> FileAnchorLedger.open(dir, node.nodeId(), SUITE));
        assertTrue(e.getMessage().contains("damaged record at byte " + headerLength), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(file));
    }

    @Test
    void anotherNodesLedger_isRefused() throws Exception {
        FileAnchorLedger.open(dir, node.nodeId(), SUITE).close();
        LedgerException e = assertThrows(LedgerException.class, () -> FileAnchorLedger.open(dir, "88.1001/BSN-NODE-02", SUITE));
        assertTrue(e.getMessage().contains("is the ledger of node " + node.nodeId()), e.getMessage());
    }

    @Test
    void secondInstanceInOneProcess_isRefused() throws Exception {
        try (FileAnchorLedger l = FileAnchorLedger.open(dir, node.nodeId(), SUITE)) {
            LedgerException e = assertThrows(LedgerException.class, () -> FileAnchorLedger.open(dir, node.nodeId(), SUITE));
            assertTrue(e.getMessage().contains("already open in this process"), e.getMessage());
            assertEquals(0, l.head().size());
        }
    }

    @Test
    void readOnlyReader_seesAppendsOfTheWriter() throws Exception {
        try (FileAnchorLedger w = FileAnchorLedger.open(dir, node.nodeId(), SUITE);
             FileAnchorLedger r = FileAnchorLedger.openReadOnly(dir)) {
            assertEquals(0, r.head().size());
            appendThree(w);
            assertEquals(3, r.head().size());
            assertArrayEquals(w.head().root(), r.head().root());
            assertEquals(3, r.records(gw.id()).anchorCount());
        }
    }

    @Test
    void alarmRecord_roundTrips() throws Exception {
        byte[] evidence = {1, 2, 3};
        try (FileAnchorLedger l = FileAnchorLedger.open(dir, node.nodeId(), SUITE)) {
            l.update(tx -> {
                tx.append(new LedgerRecord.Alarm(tx.nextSeq(), gw.id(), 5, AlarmKind.FORK, -1, "two roots, één gateway", evidence));
                return null;
            });
        }
        try (FileAnchorLedger l = FileAnchorLedger.openReadOnly(dir)) {
            LedgerRecord.Alarm a = l.records(gw.id()).alarms().getFirst();
            assertEquals("two roots, één gateway", a.detail());
            assertTrue(Arrays.equals(evidence, a.evidence()));
            assertEquals(AlarmKind.FORK, a.kind());
        }
    }
}
