package cn.bsnedge.drivers;

/**
 * A read failure that belongs to one device. Subclasses say what kind of failure it was, so the
 * agent can count NACKs apart from checksum errors apart from implausible values.
 */
public abstract class DeviceException extends SensorException {

    private final transient DeviceAddress device;

    protected DeviceException(DeviceAddress device, String message, Throwable cause) {
        super(device + ": " + message, cause);
        this.device = device;
    }

    public DeviceAddress device() {
        return device;
    }
}
