package cn.bsnedge.agent.store;

import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Height → log position, in MapDB with its write-ahead log on. The index is derived data: the
 * log holds every block, and an index lost or damaged in a crash is rebuilt from it. That is why
 * it may commit only every few blocks (each MapDB commit costs two fsyncs and ~100 KB of
 * writes), and why MapDB's own crash behaviour (see docs/STORE.md) cannot lose a block.
 */
final class BlockIndex implements AutoCloseable {

    private final Path file;
    private final DB db;
    private final BTreeMap<Long, Long> positions;
    private int uncommitted;

    private BlockIndex(Path file, DB db) {
        this.file = file;
        this.db = db;
        this.positions = db.treeMap("positions", Serializer.LONG, Serializer.LONG).createOrOpen();
    }

    /** Opens (or creates) the index; any MapDB failure to open surfaces as an exception to rebuild on. */
    static BlockIndex open(Path file) {
        DB db = DBMaker.fileDB(file.toFile()).transactionEnable().fileChannelEnable().make();
        try {
            return new BlockIndex(file, db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Deletes the index file and MapDB's log files, for a rebuild. */
    static void delete(Path file) throws IOException {
        try (var siblings = Files.list(file.getParent())) {
            for (Path p : siblings.filter(s -> s.getFileName().toString().startsWith(file.getFileName().toString())).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Highest indexed height, or -1. */
    long lastHeight() {
        return positions.isEmpty() ? -1 : positions.lastKey();
    }

    /** Log position of {@code height}, or -1 when it is not indexed. */
    long position(long height) {
        Long p = positions.get(height);
        return p == null ? -1 : p;
    }

    long size() {
        return positions.sizeLong();
    }

    /** Records a position; durable only after a later {@link #commit} (the log is the truth). */
    void put(long height, long position) {
        positions.put(height, position);
        uncommitted++;
    }

    int uncommitted() {
        return uncommitted;
    }

    void commit() {
        if (uncommitted > 0) {
            db.commit();
            uncommitted = 0;
        }
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        if (!db.isClosed()) {
            commit();
            db.close();
        }
    }
}
