package cn.bsnedge.agent.anchor;

import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.anchor.TreeHead;
import cn.bsnedge.ledger.protocol.AnchorResponse;
import cn.bsnedge.ledger.protocol.MessageException;
import cn.bsnedge.ledger.protocol.Messages;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Every verified receipt the gateway holds, with the signed tree head it covers, in an
 * append-only file ({@code DATA/anchor/receipts.log}) that is synced before a receipt counts as
 * stored (docs/ANCHOR.md). Sizes only grow from record to record.
 *
 * <p>Record: {@code u32 magic "BSNA" | u32 length | u32 CRC-32C(payload) | payload}, payload:
 * {@code u16 length, anchor message of the tree head alone (PROTOCOL.md §4.1, previous size 0) |
 * u16 length, receipt message (§4.2)}. Opening reads every record; the first one that fails its
 * framing, checksum or decoding ends the log there. Whatever was cut is kept beside it as {@code
 * receipts.log.damaged-<ms>} for evidence, and is not lost for good: the node answers a tree
 * head it recorded with the same receipt again (PROTOCOL.md §3.7), and any later receipt covers
 * every block an earlier one did.
 */
final class ReceiptLog implements AutoCloseable {

    static final String FILE = "receipts.log";
    static final int MAGIC = 0x42534E41; // "BSNA"
    private static final int HEADER = 12;
    private static final int MAX_PAYLOAD = 16 * 1024;

    /** A stored receipt and the tree head it covers, at {@code position} in the file. */
    record Stored(long position, Signed<TreeHead> head, Signed<AnchorReceipt> receipt) {
        long size() {
            return head.statement().treeSize();
        }
    }

    private final Path file;
    private final FileChannel channel;
    /** Size and file position of every record, in order: 16 bytes per receipt in memory, the rest read when needed. */
    private long[] sizes = new long[64];
    private long[] positions = new long[64];
    private int count;
    private Stored latest;
    private final List<String> notes = new ArrayList<>();

    private ReceiptLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    static ReceiptLog open(Path dir, long clockMillis) throws IOException {
        Path file = dir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ReceiptLog log = new ReceiptLog(file, ch);
        try {
            log.load(clockMillis);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return log;
    }

    private void load(long clockMillis) throws IOException {
        long size = channel.size();
        long at = 0;
        String bad = null;
        while (at < size) {
            if (size - at < HEADER) {
                bad = "a record header cut short (" + (size - at) + " bytes)";
                break;
            }
            ByteBuffer head = readFully(at, HEADER);
            int magic = head.getInt();
            int length = head.getInt();
            int crc = head.getInt();
            if (magic != MAGIC || length < 4 || length > MAX_PAYLOAD || at + HEADER + length > size) {
                bad = String.format("a bad record header (magic 0x%08x, length %d)", magic, length);
                break;
            }
            byte[] payload = readFully(at + HEADER, length).array();
            CRC32C c = new CRC32C();
            c.update(payload);
            if ((int) c.getValue() != crc) {
                bad = "a record failing its checksum";
                break;
            }
            Stored s;
            try {
                s = decode(at, payload);
            } catch (MessageException | IllegalArgumentException e) {
                bad = "a record that does not decode (" + e.getMessage() + ")";
                break;
            }
            if (latest != null && s.size() <= latest.size()) {
                bad = "a receipt for size " + s.size() + " after one for size " + latest.size();
                break;
            }
            add(s);
            at += HEADER + length;
        }
        if (bad != null) {
            Path aside = file.resolveSibling(FILE + ".damaged-" + clockMillis);
            Files.copy(file, aside, StandardCopyOption.REPLACE_EXISTING);
            channel.truncate(at);
            channel.force(true);
            notes.add("receipt log " + file + ": " + bad + " at byte " + at + " of " + size + "; cut there (the whole file is kept as "
                    + aside.getFileName() + "); " + count + " receipts remain, and a lost one is asked of the node again");
        }
    }

    private static Stored decode(long position, byte[] payload) throws MessageException {
        ByteBuffer b = ByteBuffer.wrap(payload);
        byte[] anchor = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(anchor);
        byte[] receipt = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(receipt);
        if (b.hasRemaining()) {
            throw new IllegalArgumentException(b.remaining() + " trailing bytes");
        }
        Anchor a = Messages.decodeAnchor(anchor);
        if (!(Messages.decodeResponse(receipt) instanceof AnchorResponse.Receipt r)) {
            throw new IllegalArgumentException("a rejection where a receipt belongs");
        }
        if (!r.receipt().statement().covers(a.head())) {
            throw new IllegalArgumentException("the receipt does not cover the tree head stored with it");
        }
        return new Stored(position, a.treeHead(), r.receipt());
    }

    private ByteBuffer readFully(long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (channel.read(b, at + b.position()) < 0) {
                throw new IOException(file + ": unexpected end at " + (at + b.position()));
            }
        }
        return b.flip();
    }

    /** Appends and syncs; returns the stored record. Sizes must grow. */
    Stored append(Signed<TreeHead> head, Signed<AnchorReceipt> receipt) throws IOException {
        if (!receipt.statement().covers(head.statement())) {
            throw new IllegalArgumentException("receipt " + receipt.statement() + " does not cover " + head.statement());
        }
        long size = head.statement().treeSize();
        if (latest != null && size <= latest.size()) {
            throw new IllegalArgumentException("receipt for size " + size + " after one for size " + latest.size());
        }
        byte[] a = Messages.encodeAnchor(new Anchor(head, 0, List.of()));
        byte[] r = Messages.encodeReceipt(receipt);
        ByteBuffer payload = ByteBuffer.allocate(4 + a.length + r.length).putShort((short) a.length).put(a)
                .putShort((short) r.length).put(r);
        CRC32C c = new CRC32C();
        c.update(payload.array());
        ByteBuffer rec = ByteBuffer.allocate(HEADER + payload.capacity()).putInt(MAGIC).putInt(payload.capacity())
                .putInt((int) c.getValue()).put(payload.array()).flip();
        long at = channel.size();
        try {
            long p = at;
            while (rec.hasRemaining()) {
                p += channel.write(rec, p);
            }
            channel.force(false);
        } catch (IOException e) {
            channel.truncate(at); // never leave half a record for the next append to follow
            throw e;
        }
        Stored s = new Stored(at, head, receipt);
        add(s);
        return s;
    }

    private void add(Stored s) {
        if (count == sizes.length) {
            sizes = java.util.Arrays.copyOf(sizes, count * 2);
            positions = java.util.Arrays.copyOf(positions, count * 2);
        }
        sizes[count] = s.size();
        positions[count] = s.position();
        count++;
        latest = s;
    }

    Optional<Stored> latest() {
        return Optional.ofNullable(latest);
    }

    int count() {
        return count;
    }

    /** The earliest receipt covering {@code height}: the first of size above it. */
    Optional<Stored> covering(long height) throws IOException {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sizes[mid] > height) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo < count ? Optional.of(read(positions[lo])) : Optional.empty();
    }

    /** The record at {@code position}, read and checked again. */
    Stored read(long position) throws IOException {
        if (latest != null && position == latest.position()) {
            return latest;
        }
        ByteBuffer head = readFully(position, HEADER);
        head.getInt();
        int length = head.getInt();
        int crc = head.getInt();
        byte[] payload = readFully(position + HEADER, length).array();
        CRC32C c = new CRC32C();
        c.update(payload);
        if ((int) c.getValue() != crc) {
            throw new IOException(file + ": the receipt record at byte " + position + " fails its checksum now; it passed when opened");
        }
        try {
            return decode(position, payload);
        } catch (MessageException e) {
            throw new IOException(file + ": the receipt record at byte " + position + " no longer decodes: " + e.getMessage(), e);
        }
    }

    /** Sizes of every stored receipt, oldest first. */
    long[] sizes() {
        return java.util.Arrays.copyOf(sizes, count);
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
