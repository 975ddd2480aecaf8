package cn.bsnedge.drivers;

/** The device answered but its checksum (CRC or frame sum) did not match the data. */
public class ChecksumException extends DeviceException {

    public ChecksumException(DeviceAddress device, String message) {
        super(device, message, null);
    }

    public ChecksumException(DeviceAddress device, String message, Throwable cause) {
        super(device, message, cause);
    }
}
