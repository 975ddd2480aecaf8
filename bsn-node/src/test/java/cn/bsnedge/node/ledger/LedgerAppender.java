package cn.bsnedge.node.ledger;

import cn.bsnedge.ledger.crypto.CryptoSuite;

import java.nio.file.Path;

/** A second process for {@link CrossProcessLedgerTest}: appends N alarm records for one gateway. */
public final class LedgerAppender {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String gateway = args[1];
        int count = Integer.parseInt(args[2]);
        try (FileAnchorLedger ledger = FileAnchorLedger.open(dir, "88.1001/BSN-NODE-01", CryptoSuite.ED25519_SHA256)) {
            System.out.println("open");
            System.out.flush();
            for (int i = 0; i < count; i++) {
                int n = i;
                ledger.update(tx -> {
                    // Decide on what the ledger holds now, as AnchorService does: the count of this gateway's records.
                    int before = tx.records(gateway).alarms().size();
                    if (before != n) {
                        throw new LedgerException(gateway + " has " + before + " records, want " + n);
                    }
                    tx.append(new LedgerRecord.Alarm(tx.nextSeq(), gateway, n, AlarmKind.FORK, -1, "record " + n, new byte[] {(byte) n}));
                    return null;
                });
            }
        }
        System.out.println("done");
    }
}
