package cn.bsnedge.ledger.gateway;

/** A registration file that cannot be read as one (FORMAT.md §10.2): what, where, and what was expected. */
public final class RegistrationFormatException extends Exception {

    public RegistrationFormatException(String message) {
        super(message);
    }
}
