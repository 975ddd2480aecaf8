package cn.bsnedge.drivers;

/** A read that produced no measurement; the message names the device and what went wrong. */
public class SensorException extends Exception {
    public SensorException(String message) {
        super(message);
    }

    public SensorException(String message, Throwable cause) {
        super(message, cause);
    }
}
