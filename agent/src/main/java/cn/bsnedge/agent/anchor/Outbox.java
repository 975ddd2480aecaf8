package cn.bsnedge.agent.anchor;

import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.protocol.MessageException;
import cn.bsnedge.ledger.protocol.Messages;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The anchoring outbox in MapDB ({@code DATA/anchor/outbox.mapdb}, write-ahead log on, one commit
 * per change): the outstanding anchor, exactly as signed and published, and how far the block
 * telemetry has been acknowledged by the broker.
 *
 * <p>MapDB 3.1.0 can lose or corrupt committed data under SIGKILL (docs/STORE.md), so nothing
 * here is the only copy of anything that matters (docs/ANCHOR.md): a lost outstanding anchor
 * is made again from the chain (the same size has the same root, so the node sees a duplicate
 * or an extension, never a fork); a lost telemetry mark falls back to the latest receipt's size
 * (the city's audit asks for what it then misses). A file MapDB cannot open, or that fails on an
 * update, is deleted and recreated from what this object holds in memory.
 */
final class Outbox implements AutoCloseable {

    static final String FILE = "outbox.mapdb";
    private static final String PENDING = "pending";
    private static final String PUBLISHED = "published";

    private final Path file;
    private final List<String> notes = new ArrayList<>();
    private DB db;
    private HTreeMap<String, byte[]> map;
    private Optional<Anchor> pending = Optional.empty();
    private long published = -1;
    private boolean closed;

    private Outbox(Path file) {
        this.file = file;
    }

    static Outbox open(Path dir) throws IOException {
        Outbox o = new Outbox(dir.resolve(FILE));
        try {
            o.openDb();
            o.load();
        } catch (RuntimeException | MessageException e) {
            o.pending = Optional.empty();
            o.published = -1;
            o.rebuild("MapDB cannot read it: " + e);
        }
        return o;
    }

    private void openDb() {
        db = DBMaker.fileDB(file.toFile()).transactionEnable().fileChannelEnable().make();
        map = db.hashMap("outbox", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
    }

    private void load() throws MessageException {
        byte[] p = map.get(PENDING);
        pending = p == null ? Optional.empty() : Optional.of(Messages.decodeAnchor(p));
        byte[] m = map.get(PUBLISHED);
        if (m != null && m.length != 8) {
            throw new IllegalStateException("telemetry mark of " + m.length + " bytes");
        }
        published = m == null ? -1 : ByteBuffer.wrap(m).getLong();
    }

    /** Deletes the file and writes what is held in memory to a fresh one. */
    private void rebuild(String why) throws IOException {
        notes.add("outbox " + file + " unusable (" + why + "); recreated");
        closeQuietly();
        try (var siblings = Files.list(file.getParent())) {
            for (Path p : siblings.filter(s -> s.getFileName().toString().startsWith(FILE)).toList()) {
                Files.delete(p);
            }
        }
        openDb();
        write();
    }

    private void write() {
        if (pending.isPresent()) {
            map.put(PENDING, Messages.encodeAnchor(pending.get()));
        } else {
            map.remove(PENDING);
        }
        if (published >= 0) {
            map.put(PUBLISHED, ByteBuffer.allocate(8).putLong(published).array());
        } else {
            map.remove(PUBLISHED);
        }
        db.commit();
    }

    /** Commits the in-memory state; a MapDB failure rebuilds the file once, then gives up with the error. */
    private void persist() throws IOException {
        if (closed) {
            return; // a late acknowledgement after shutdown: the next start works it out again
        }
        try {
            write();
        } catch (RuntimeException e) {
            rebuild("MapDB failed on an update: " + e);
        }
    }

    /** The outstanding anchor, as it was stored before it was first published. */
    synchronized Optional<Anchor> pending() {
        return pending;
    }

    /** Stores the outstanding anchor durably (before it is published). */
    synchronized void setPending(Anchor anchor) throws IOException {
        pending = Optional.of(anchor);
        persist();
    }

    synchronized void clearPending() throws IOException {
        if (pending.isPresent()) {
            pending = Optional.empty();
            persist();
        }
    }

    /** The height below which the broker acknowledged every block's telemetry, or -1 when unknown. */
    synchronized long published() {
        return published;
    }

    synchronized void setPublished(long height) throws IOException {
        if (height != published) {
            published = height;
            persist();
        }
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    private void closeQuietly() {
        if (db != null) {
            try {
                if (!db.isClosed()) {
                    db.close();
                }
            } catch (RuntimeException ignored) {
                // A damaged MapDB may fail to close; it is deleted next.
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly();
    }
}
