package cn.bsnedge.agent.provision;

/** Provisioning refused or failed: what, where, and what would be right. */
public final class ProvisionException extends Exception {

    public ProvisionException(String message) {
        super(message);
    }

    public ProvisionException(String message, Throwable cause) {
        super(message, cause);
    }
}
