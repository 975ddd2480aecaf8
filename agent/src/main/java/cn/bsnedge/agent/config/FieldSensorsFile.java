package cn.bsnedge.agent.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * {@code DATA/sensors.yaml}, the sensors added in the field, as the {@code bsn-edge sensors}
 * commands change it: one command at a time (an exclusive lock on {@code sensors.yaml.lock}),
 * and each change replaces the file whole (write, fsync, rename, fsync the directory), so the
 * agent, which may read it at any moment, sees the old file or the new one, never half of one.
 */
public final class FieldSensorsFile implements AutoCloseable {

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private FieldSensorsFile(Path file, FileChannel lockChannel, FileLock lock) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Takes the lock, waiting up to {@code patience} for another command to finish.
     *
     * @throws IOException when the lock cannot be had in time, or the directory is unusable
     */
    public static FieldSensorsFile lock(Path dataDir, Duration patience) throws IOException {
        Files.createDirectories(dataDir);
        Path file = ConfigLoader.fieldFile(dataDir);
        FileChannel ch = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            while (true) {
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null; // another command in this same JVM (tests): wait like for another process
                }
                if (l != null) {
                    return new FieldSensorsFile(file, ch, l);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("another 'bsn-edge sensors' command is changing " + file
                            + " and did not finish within " + patience.toSeconds() + " s; try again");
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ch.close();
            throw new IOException("interrupted while waiting for the lock on " + file, e);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path path() {
        return file;
    }

    /** Replaces the file with {@code text}, durably. */
    public void write(String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true); // the rename itself survives a power cut
        } catch (IOException e) {
            // Some filesystems refuse to open directories; the rename is still atomic there.
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }
}
