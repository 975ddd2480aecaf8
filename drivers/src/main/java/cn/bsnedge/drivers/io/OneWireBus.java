package cn.bsnedge.drivers.io;

import java.io.IOException;
import java.util.List;

/**
 * The Linux {@code w1} bus master as sysfs shows it. Pi4J has no 1-Wire support, so this is
 * plain file IO; the kernel does the bus timing and the CRC.
 */
public interface OneWireBus {

    /** ROM ids of the slaves the kernel currently lists, e.g. {@code 28-0316a2795cff}. */
    List<String> slaves() throws IOException;

    /** The text of the slave's {@code w1_slave} file; reading it starts a conversion in the kernel driver. */
    String readSlave(String romId) throws IOException;
}
