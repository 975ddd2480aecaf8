package cn.bsnedge.node.ledger;

/** The ledger cannot be read or cannot record now; the message says which file and what is wrong. */
public final class LedgerException extends Exception {

    public LedgerException(String message) {
        super(message);
    }

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
