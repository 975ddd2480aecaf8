package cn.bsnedge.agent.coap;

import cn.bsnedge.agent.json.JsonFields;
import cn.bsnedge.agent.json.StreamingJson;
import cn.bsnedge.ledger.entry.SensorCode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The DTLS pre-shared keys of CoAP sensors: {@code DATA/keys/coap-psk.json}, mode 0600 in a 0700
 * directory, one key per sensor code. The PSK identity a sensor presents is its code, so the key
 * and the code are looked up together. Keys never go into the chain, a log or a message: the
 * chain's registration names the sensor, this file proves who may speak for it.
 *
 * <p>{@code bsn-edge sensors add --psk HEX | --psk-generate} writes here while the agent may be
 * running; the agent reads a key at every DTLS handshake and re-reads the file when it changed, so
 * a new or removed key applies to the next handshake without a restart. Writers hold an exclusive
 * lock on {@code coap-psk.lock} and replace the file atomically, so two writers never lose each
 * other's keys and a reader never sees half a file.
 */
public final class PskStore {

    public static final String FORMAT = "bsn-edge-coap-psk/1";
    /** 128 bits, as RFC 7925 §4.2 recommends for constrained devices at the least. */
    public static final int GENERATED_BYTES = 16;
    /** Shorter keys are guessable offline from one recorded handshake. */
    public static final int MIN_BYTES = 16;
    /** RFC 4279 §5.3 allows up to 2^16-1 bytes; DTLS stacks on sensors handle far less. */
    public static final int MAX_BYTES = 64;

    private static final HexFormat HEX = HexFormat.of();

    private final Path file;
    private final SecureRandom random;
    private Map<String, byte[]> cached = Map.of();
    private FileTime cachedTime;
    private long cachedSize = -1;

    /** The store of data directory {@code dataDir}: {@code dataDir/keys/coap-psk.json}. */
    public PskStore(Path dataDir, SecureRandom random) {
        this.file = dataDir.resolve("keys").resolve("coap-psk.json");
        this.random = random;
    }

    public Path file() {
        return file;
    }

    /** Sets {@code code}'s key, replacing any it had. */
    public void set(SensorCode code, byte[] key) throws IOException {
        String problem = keyProblem(key);
        if (problem != null) {
            throw new IllegalArgumentException("PSK for " + code + " " + problem);
        }
        update(keys -> keys.put(code.value(), key.clone()));
    }

    /** Generates a random {@value #GENERATED_BYTES}-byte key for {@code code}, stores and returns it. */
    public byte[] generate(SensorCode code) throws IOException {
        byte[] key = new byte[GENERATED_BYTES];
        random.nextBytes(key);
        set(code, key);
        return key;
    }

    /** {@code code}'s key, or empty when it has none. A copy: the caller may wipe it. */
    public synchronized Optional<byte[]> get(SensorCode code) throws IOException {
        refresh();
        byte[] k = cached.get(code.value());
        return k == null ? Optional.empty() : Optional.of(k.clone());
    }

    /** Removes {@code code}'s key; false when it had none. */
    public boolean remove(SensorCode code) throws IOException {
        boolean[] had = {false};
        update(keys -> had[0] = keys.remove(code.value()) != null);
        return had[0];
    }

    /** Why {@code key} cannot be a sensor's PSK, or null. */
    public static String keyProblem(byte[] key) {
        if (key == null || key.length < MIN_BYTES || key.length > MAX_BYTES) {
            return "is " + (key == null ? 0 : key.length) + " bytes; want " + MIN_BYTES + " to " + MAX_BYTES
                    + " (e.g. 32 hex digits), or let --psk generate make one";
        }
        return null;
    }

    private interface Change {
        void apply(Map<String, byte[]> keys);
    }

    private synchronized void update(Change change) throws IOException {
        Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path lock = file.resolveSibling("coap-psk.lock");
        try (FileChannel lc = FileChannel.open(lock, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
             FileLock ignored = lc.lock()) {
            Map<String, byte[]> keys = new TreeMap<>(read());
            change.apply(keys);
            write(keys);
            cachedTime = null; // re-read on the next get
        }
    }

    private void refresh() throws IOException {
        FileTime t;
        long size;
        try {
            t = Files.getLastModifiedTime(file);
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            cached = Map.of();
            cachedTime = null;
            return;
        }
        if (!t.equals(cachedTime) || size != cachedSize) {
            cached = read();
            cachedTime = t;
            cachedSize = size;
        }
    }

    private Map<String, byte[]> read() throws IOException {
        JsonFields n;
        try {
            n = StreamingJson.parseObject(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            // Never echo the content: it holds keys.
            throw new IOException(file + " is not valid JSON; restore it or remove it and set the keys again");
        }
        if (!FORMAT.equals(n.textOrNull("format"))) {
            throw new IOException(file + " is not a " + FORMAT + " file");
        }
        Map<String, byte[]> keys = new TreeMap<>();
        for (Map.Entry<String, String> e : n.textsByName("keys").entrySet()) {
            try {
                keys.put(e.getKey(), HEX.parseHex(e.getValue()));
            } catch (IllegalArgumentException bad) {
                throw new IOException(file + ": the key of " + e.getKey() + " is not hex");
            }
        }
        return keys;
    }

    private void write(Map<String, byte[]> keys) throws IOException {
        String json = StreamingJson.prettyObject(g -> {
            g.writeStringField("format", FORMAT);
            g.writeObjectFieldStart("keys");
            for (Map.Entry<String, byte[]> k : keys.entrySet()) {
                g.writeStringField(k.getKey(), HEX.formatHex(k.getValue()));
            }
            g.writeEndObject();
        });
        byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
        Path tmp = file.resolveSibling("coap-psk.json.tmp");
        Files.deleteIfExists(tmp);
        // 0600 from the first byte, fsynced before the rename: a crash leaves the old file or the new one.
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(true);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        return "PskStore[" + file + "]"; // never the keys
    }
}
