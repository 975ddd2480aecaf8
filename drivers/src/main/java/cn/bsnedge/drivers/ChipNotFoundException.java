package cn.bsnedge.drivers;

/** Nothing answered at the address, or what answered is a different chip (the message names the id found). */
public class ChipNotFoundException extends DeviceException {

    public ChipNotFoundException(DeviceAddress device, String message) {
        super(device, message, null);
    }

    public ChipNotFoundException(DeviceAddress device, String message, Throwable cause) {
        super(device, message, cause);
    }
}
