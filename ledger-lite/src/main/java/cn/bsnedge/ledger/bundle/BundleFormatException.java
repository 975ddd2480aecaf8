package cn.bsnedge.ledger.bundle;

/** Input that is not a readable bundle or key file at all (exit 2), as opposed to evidence that fails (exit 1). */
public final class BundleFormatException extends Exception {
    public BundleFormatException(String message) {
        super(message);
    }
}
