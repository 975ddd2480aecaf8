package cn.bsnedge.drivers.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/** {@link OneWireBus} over a sysfs directory, normally {@code /sys/bus/w1/devices}. */
public final class SysfsOneWireBus implements OneWireBus {

    public static final Path DEFAULT_BASE = Path.of("/sys/bus/w1/devices");

    /** family-serial as the kernel names slaves; excludes {@code w1_bus_master1}. */
    private static final Pattern ROM_ID = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{12}");

    private final Path base;

    public SysfsOneWireBus(Path base) {
        this.base = base;
    }

    @Override
    public List<String> slaves() throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(base)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (ROM_ID.matcher(name).matches()) {
                    out.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(base.toString(), null, "no w1 bus (is dtoverlay=w1-gpio set?)");
        }
        Collections.sort(out);
        return out;
    }

    @Override
    public String readSlave(String romId) throws IOException {
        if (!ROM_ID.matcher(romId).matches()) {
            throw new IllegalArgumentException("1-Wire ROM id " + romId + " is not family-serial like 28-0316a2795cff");
        }
        return Files.readString(base.resolve(romId).resolve("w1_slave"), StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "w1 " + base;
    }
}
