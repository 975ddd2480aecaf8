package cn.bsnedge.agent.config;

import cn.bsnedge.agent.config.GatewayConfig.Clock;
import cn.bsnedge.agent.config.GatewayConfig.Identity;
import cn.bsnedge.agent.config.GatewayConfig.Sealing;
import cn.bsnedge.ledger.crypto.CryptoSuite;
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
import java.util.List;
import java.util.Locale;
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

    static final List<String> TOP_KEYS = List.of("gateway", "sealing", "clock", "coap", "sensors");

    private ConfigLoader() {
    }

    /** Loads {@code file}; messages name it as given, e.g. {@code gateway.yaml:14}. */
    public static GatewayConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw fileProblem(file, "no such file; pass --config FILE, or start from gateway.example.yaml (see docs/CONFIG.md)");
        } catch (CharacterCodingException e) {
            throw fileProblem(file, "is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw fileProblem(file, "cannot be read: " + e);
        }
        return parse(file.toString(), text);
    }

    private static ConfigException fileProblem(Path file, String message) {
        return new ConfigException(List.of(new ConfigProblem(file.toString(), 0, 0, "", message)));
    }

    /** Parses {@code yaml}, naming it {@code fileName} in messages. */
    public static GatewayConfig parse(String fileName, String yaml) throws ConfigException {
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

        List<SensorReader.Entry> entries = SensorReader.readAll(top.list("sensors"), problems);
        Conflicts.check(entries, problems);

        if (!problems.isEmpty()) {
            throw new ConfigException(problems.sorted());
        }
        return new GatewayConfig(
                new Identity(id, CryptoSuite.fromLabel(suite), Path.of(dataDir)),
                new Sealing(maxReadings, maxAge, queueCapacity),
                new Clock(Clock.Source.valueOf(source.toUpperCase(Locale.ROOT))),
                entries.stream().map(SensorReader.Entry::config).toList(), coap);
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
