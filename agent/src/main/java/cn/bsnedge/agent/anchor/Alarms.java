package cn.bsnedge.agent.anchor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Anchoring alarms. Most are noted (status, log) and anchoring goes on; a <em>halting</em> one
 * (the node says the gateway forked or rewrote its history, or the node's record and the chain
 * disagree) stops anchoring until an operator has looked: it is written to {@code
 * DATA/anchor/ALARM} with its evidence, survives restarts, and anchoring resumes only once the
 * operator deletes that file (docs/ANCHOR.md). Retrying such an anchor blindly would only
 * produce more evidence against the gateway, or paper over a real problem.
 */
final class Alarms {

    static final String FILE = "ALARM";
    private static final int KEEP = 16;

    private final Path file;
    private final Consumer<String> log;
    private final List<String> recent = new ArrayList<>();
    private Optional<String> halt;

    private Alarms(Path file, Consumer<String> log, Optional<String> halt) {
        this.file = file;
        this.log = log;
        this.halt = halt;
    }

    static Alarms open(Path dir, Consumer<String> log) throws IOException {
        Path f = dir.resolve(FILE);
        Optional<String> halt = Optional.empty();
        if (Files.exists(f)) {
            String text = Files.readString(f, StandardCharsets.UTF_8).strip();
            halt = Optional.of(text.isEmpty() ? "(empty " + f + ")" : text.lines().findFirst().orElseThrow());
            log.accept("ANCHOR ALARM: anchoring stays stopped: " + halt.get() + " (delete " + f + " once resolved)");
        }
        return new Alarms(f, log, halt);
    }

    /** A noted alarm: logged loudly, shown in status; anchoring goes on. */
    void note(String what) {
        log.accept("ANCHOR ALARM: " + what);
        recent.add(what);
        while (recent.size() > KEEP) {
            recent.removeFirst();
        }
    }

    /** A halting alarm: written durably with {@code evidence}, logged, and anchoring stops. */
    void halt(String what, String evidence) {
        note(what + "; anchoring stopped until an operator resolves it and deletes " + file);
        if (halt.isPresent()) {
            return;
        }
        halt = Optional.of(what);
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            Files.writeString(tmp, what + "\n" + evidence + "\n", StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.accept("ANCHOR ALARM: could not write " + file + " (" + e.getMessage() + "); anchoring stays stopped until restart");
        }
    }

    Optional<String> halted() {
        return halt;
    }

    List<String> recent() {
        List<String> all = new ArrayList<>();
        halt.filter(h -> !recent.contains(h)).ifPresent(all::add);
        all.addAll(recent);
        return all;
    }
}
