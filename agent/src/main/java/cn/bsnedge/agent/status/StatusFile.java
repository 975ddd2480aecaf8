package cn.bsnedge.agent.status;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code DATA/run/status.json}, replaced atomically (write, rename) so a reader never sees half a
 * file. It is not fsynced: it is a view for operators, rewritten every few seconds, and not worth
 * an SD-card write cycle's durability.
 */
public final class StatusFile {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;

    public StatusFile(Path dataDir) {
        this.file = dataDir.resolve("run").resolve("status.json");
    }

    public Path path() {
        return file;
    }

    public void write(GatewayStatus status) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("status.json.tmp");
        JSON.writeValue(tmp.toFile(), status);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public Optional<GatewayStatus> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(file.toFile(), GatewayStatus.class));
    }

    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    public static String toJson(GatewayStatus status) {
        try {
            return JSON.writeValueAsString(status);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
