package cn.bsnedge.agent.coap.senml;

/**
 * A SenML pack that cannot be read or resolved. The message says which record (1-based, as
 * RFC 8428 §9 numbers them), which field, what was wrong and what would be right, because it is
 * sent back to the sensor's developer as the diagnostic payload of a 4.00 response.
 */
public final class SenmlException extends Exception {

    public SenmlException(String message) {
        super(message);
    }

    /** Blames record {@code index} (0-based here, shown 1-based). */
    static SenmlException at(int index, String message) {
        return new SenmlException("record " + (index + 1) + ": " + message);
    }
}
