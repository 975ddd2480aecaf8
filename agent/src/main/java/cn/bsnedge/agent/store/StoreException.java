package cn.bsnedge.agent.store;

/** The store cannot do what was asked: unreadable file, broken chain, refused append. */
public class StoreException extends Exception {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
