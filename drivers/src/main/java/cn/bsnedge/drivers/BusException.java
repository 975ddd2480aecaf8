package cn.bsnedge.drivers;

/** The bus transaction failed: no acknowledge (NACK), a short transfer or an OS-level IO error. */
public class BusException extends DeviceException {

    public BusException(DeviceAddress device, String message) {
        super(device, message, null);
    }

    public BusException(DeviceAddress device, String message, Throwable cause) {
        super(device, message, cause);
    }
}
