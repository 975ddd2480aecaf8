package cn.bsnedge.agent.config;

import cn.bsnedge.agent.config.GatewayConfig.Clock;
import cn.bsnedge.agent.config.GatewayConfig.Identity;
import cn.bsnedge.agent.config.GatewayConfig.Sealing;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.entry.SensorCode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static cn.bsnedge.agent.config.ConfigSchema.*;

/**
 * Reads {@code gateway.yaml} into a {@link GatewayConfig}, or fails with every problem in it.
 *
 * <p>SnakeYAML Engine only composes the node tree (YAML 1.2 core schema, so {@code 0x76} is an
 * integer); we walk it ourselves instead of binding by reflection, because only the nodes know
 * their lines, and an error without a line sends an engineer hunting.
 */
public final class ConfigLoader {

    static final List<String> TOP_KEYS = List.of("gateway", "sealing", "clock", "coap", "mqtt", "anchor", "sensors");

    /** The file in the data directory holding sensors added with {@code bsn-edge sensors add}. */
    public static final String FIELD_FILE = "sensors.yaml";

    private ConfigLoader() {
    }

    /**
     * Loads {@code file}, and beside it the sensors added in the field with {@code bsn-edge sensors
     * add}: {@code DATA/sensors.yaml}, in the data directory the file names. Messages name the files
     * as given, e.g. {@code gateway.yaml:14}.
     */
    public static GatewayConfig load(Path file) throws ConfigException {
        return load(file, null);
    }

    /**
     * As {@link #load(Path)}, but with {@code fieldText} in place of {@code DATA/sensors.yaml}'s
     * content: what the configuration would be after a {@code sensors} command changed that file.
     */
    public static GatewayConfig load(Path file, String fieldText) throws ConfigException {
        String text = read(file, "no such file; pass --config FILE, or start from gateway.example.yaml (see docs/CONFIG.md)");
        return parse(file.toString(), text, dataDir -> {
            Path field = fieldFile(Path.of(dataDir));
            if (fieldText != null) {
                return Optional.of(new FieldText(field.toString(), fieldText));
            }
            if (!Files.exists(field)) {
                return Optional.empty();
            }
            return Optional.of(new FieldText(field.toString(), read(field, "vanished while being read")));
        });
    }

    /** Where {@code bsn-edge sensors add} keeps the sensors it added, in the data directory. */
    public static Path fieldFile(Path dataDir) {
        return dataDir.resolve(FIELD_FILE);
    }

    private static String read(Path file, String whenMissing) throws ConfigException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw fileProblem(file, whenMissing);
        } catch (CharacterCodingException e) {
            throw fileProblem(file, "is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw fileProblem(file, "cannot be read: " + e);
        }
    }

    private record FieldText(String fileName, String text) {
    }

    private static ConfigException fileProblem(Path file, String message) {
        return new ConfigException(List.of(new ConfigProblem(file.toString(), 0, 0, "", message)));
    }

    /** Parses {@code yaml}, naming it {@code fileName} in messages; field-added sensors are not read. */
    public static GatewayConfig parse(String fileName, String yaml) throws ConfigException {
        return parse(fileName, yaml, dataDir -> Optional.empty());
    }

    private interface FieldSource {
        Optional<FieldText> forDataDir(String dataDir) throws ConfigException;
    }

    private static GatewayConfig parse(String fileName, String yaml, FieldSource fieldSource) throws ConfigException {
        Problems problems = new Problems(fileName);
        Optional<Node> root = compose(fileName, yaml, problems);
        if (root.isEmpty()) {
            if (problems.isEmpty()) {
                problems.add(new ConfigProblem(fileName, 0, 0, "", "is empty; want at least gateway.id (see gateway.example.yaml)"));
            }
            throw new ConfigException(problems.sorted());
        }
        YamlMap top = YamlMap.of(root.get(), "", problems);
        top.rejectUnknown(TOP_KEYS, "");

        YamlMap g = top.section("gateway");
        g.rejectUnknown(keysUnder("gateway."), "");
        String id = g.get("id", GATEWAY_ID);
        String suite = g.get("suite", GATEWAY_SUITE);
        String dataDir = g.get("dataDir", GATEWAY_DATA_DIR);

        YamlMap s = top.section("sealing");
        s.rejectUnknown(keysUnder("sealing."), "");
        Integer maxReadings = s.get("maxReadings", SEALING_MAX_READINGS);
        Duration maxAge = s.get("maxAge", SEALING_MAX_AGE);
        Integer queueCapacity = s.get("queueCapacity", SEALING_QUEUE_CAPACITY);
        if (maxReadings != null && queueCapacity != null && queueCapacity < maxReadings) {
            // The batcher drains at most one block's worth at a time; a smaller queue could never fill a block.
            problems.add(s.has("queueCapacity") ? s.value("queueCapacity") : s.node(), "sealing.queueCapacity",
                    queueCapacity + " is below sealing.maxReadings " + maxReadings + "; want at least " + maxReadings);
        }

        YamlMap c = top.section("clock");
        c.rejectUnknown(keysUnder("clock."), "");
        String source = c.get("source", CLOCK_SOURCE);

        GatewayConfig.Coap coap = CoapSection.read(top.section("coap"), problems);
        MqttSection.Result mqtt = MqttSection.read(top, dataDir, problems);

        List<SensorReader.Entry> entries = new ArrayList<>(SensorReader.readAll(top.list("sensors"), problems));
        Optional<FieldText> field = dataDir == null ? Optional.empty() : fieldSource.forDataDir(dataDir);
        Problems fieldProblems = new Problems(field.map(FieldText::fileName).orElse(""));
        field.ifPresent(f -> entries.addAll(readFieldSensors(f, fieldProblems)));
        Conflicts.check(entries, problems);

        if (!problems.isEmpty() || !fieldProblems.isEmpty()) {
            List<ConfigProblem> all = new ArrayList<>(problems.sorted());
            all.addAll(fieldProblems.sorted());
            // gateway.yaml's problems first, then sensors.yaml's, each file top to bottom
            all.sort(java.util.Comparator.comparing((ConfigProblem p) -> !p.file().equals(fileName)).thenComparingInt(ConfigProblem::line));
            throw new ConfigException(all);
        }
        Map<SensorCode, GatewayConfig.Origin> origins = new LinkedHashMap<>();
        entries.forEach(e -> origins.put(e.config().code(),
                new GatewayConfig.Origin(e.file(), e.codeLine(), !e.file().equals(fileName))));
        return new GatewayConfig(
                new Identity(id, CryptoSuite.fromLabel(suite), Path.of(dataDir)),
                new Sealing(maxReadings, maxAge, queueCapacity),
                new Clock(Clock.Source.valueOf(source.toUpperCase(Locale.ROOT))),
                entries.stream().map(SensorReader.Entry::config).toList(), coap, origins, mqtt.mqtt(), mqtt.anchor());
    }

    /** {@code DATA/sensors.yaml}: a {@code sensors:} list and nothing else, read like gateway.yaml's. */
    private static List<SensorReader.Entry> readFieldSensors(FieldText f, Problems problems) {
        Optional<Node> root = compose(f.fileName(), f.text(), problems);
        if (root.isEmpty()) {
            return List.of(); // empty (every sensor removed) or a syntax error, already reported
        }
        YamlMap top = YamlMap.of(root.get(), "", problems);
        top.rejectUnknown(List.of("sensors"), "");
        return SensorReader.readAll(top.list("sensors"), problems);
    }

    /** The document's node tree, or empty after reporting a syntax error (with line and column). */
    private static Optional<Node> compose(String fileName, String yaml, Problems problems) {
        LoadSettings settings = LoadSettings.builder().setLabel(fileName).setSchema(new CoreSchema())
                .setMaxAliasesForCollections(10).build();
        try {
            return new Compose(settings).composeString(yaml);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> at = e.getProblemMark().or(e::getContextMark);
            String problem = e.getProblem() == null ? e.getContext() : e.getProblem();
            problems.add(new ConfigProblem(fileName, at.map(m -> m.getLine() + 1).orElse(0),
                    at.map(m -> m.getColumn() + 1).orElse(0), "", "YAML syntax error: " + problem + context(e)));
        } catch (YamlEngineException e) {
            problems.add(new ConfigProblem(fileName, 0, 0, "", "YAML error: " + e.getMessage()));
        }
        return Optional.empty();
    }

    /** "(while parsing a flow sequence started at line 3)": where the unfinished construct began. */
    private static String context(MarkedYamlEngineException e) {
        if (e.getContext() == null || e.getProblem() == null) {
            return "";
        }
        return " (" + e.getContext() + e.getContextMark().map(m -> " started at line " + (m.getLine() + 1)).orElse("") + ")";
    }
}
