package cn.bsnedge.drivers;

/** The transfer was intact but the value cannot be a measurement: out of the sensor's range, a power-on default, a stuck or saturated converter, or a broken current loop. */
public class ImplausibleValueException extends DeviceException {

    public ImplausibleValueException(DeviceAddress device, String message) {
        super(device, message, null);
    }

    public ImplausibleValueException(DeviceAddress device, String message, Throwable cause) {
        super(device, message, cause);
    }
}
