package cn.bsnedge.drivers.pulse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * {@link CounterStore} in one small text file ({@code pulses=12345}), replaced atomically: write
 * a temp file in the same directory, fsync it, rename it over the old one, fsync the directory.
 * A power cut at any point leaves either the old count or the new one, never a torn file.
 * An unreadable file is an error, not zero: starting from zero would make the total go backwards.
 */
public final class FileCounterStore implements CounterStore {

    private static final String PREFIX = "pulses=";
    private final Path file;

    public FileCounterStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public long load() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return 0;
        }
        if (!text.startsWith(PREFIX)) {
            throw new IOException(file + ": not a pulse counter file (want pulses=N), found " + abbreviate(text));
        }
        try {
            long n = Long.parseLong(text.substring(PREFIX.length()));
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException(file + ": pulse count " + abbreviate(text) + " is not a non-negative integer", e);
        }
    }

    @Override
    public void save(long pulses) throws IOException {
        Path dir = file.getParent();
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap((PREFIX + pulses + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(dir + ": file system cannot rename atomically; put the counter on ext4 or f2fs", e);
        }
        // The rename itself is only durable once the directory entry is flushed (Linux; a no-op elsewhere).
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Some platforms cannot open a directory; the rename is still atomic, just not yet durable.
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
