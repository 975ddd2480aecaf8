package cn.bsnedge.drivers;

/** The device lost its configuration since the last read (power glitch, brown-out, watchdog); the driver has re-applied it and the next read after the conversion time succeeds. */
public class DeviceResetException extends DeviceException {

    public DeviceResetException(DeviceAddress device, String message) {
        super(device, message, null);
    }

    public DeviceResetException(DeviceAddress device, String message, Throwable cause) {
        super(device, message, cause);
    }
}
