package cn.bsnedge.agent.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code DATA/archive/<UTC time>/}: where a rotation moves what it replaces, by rename (same file
 * system, so nothing is copied and nothing half-written is left behind). Old keys are archived,
 * never deleted: blocks signed with an old ledger key stay verifiable only with it, and whoever
 * retires the gateway decides when they may go.
 */
final class Archive {

    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final List<String> moved = new ArrayList<>();

    private Archive(Path dir) {
        this.dir = dir;
    }

    /** A new, empty archive directory named after {@code now}; "-2", "-3", … when that name is taken. */
    static Archive create(Path dataDir, Instant now) throws IOException {
        Path root = dataDir.resolve("archive");
        Files.createDirectories(root);
        String base = NAME.format(now);
        for (int n = 1; ; n++) {
            Path d = root.resolve(n == 1 ? base : base + "-" + n);
            try {
                Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                return new Archive(d);
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // next suffix
            }
        }
    }

    Path dir() {
        return dir;
    }

    /** Moves {@code item} (a file or a directory) into the archive under {@code name}, if it exists. */
    void take(Path item, String name) throws IOException {
        if (Files.exists(item)) {
            Files.move(item, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            moved.add(name);
        }
    }

    /** What was moved in, by archive name. */
    List<String> moved() {
        return List.copyOf(moved);
    }
}
