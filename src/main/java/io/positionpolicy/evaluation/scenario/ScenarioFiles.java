package io.positionpolicy.evaluation.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads scenario files: {@code *.yaml} in a folder, each holding {@code defaults} (a partial request merged under
 * every scenario's {@code given}; a {@code null} in {@code given} removes a default) and a list of {@code scenarios}.
 */
public final class ScenarioFiles {
    private static final YAMLMapper YAML = new YAMLMapper();

    private ScenarioFiles() {
    }

    public static List<Scenario> load(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Scenario> scenarios = new ArrayList<>();
            for (Path file : files.filter(ScenarioFiles::isScenarioFile).sorted().toList()) {
                scenarios.addAll(parse(file.getFileName().toString(), Files.readString(file)));
            }
            return scenarios;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenarios in " + folder, e);
        }
    }

    public static List<Scenario> parse(String fileName, String yaml) throws IOException {
        JsonNode root = YAML.readTree(yaml);
        if (root == null || !root.has("scenarios") || !root.get("scenarios").isArray()) {
            throw new IOException(fileName + ": expected a 'scenarios' list");
        }
        JsonNode defaults = root.path("defaults");
        List<Scenario> scenarios = new ArrayList<>();
        int index = 0;
        for (JsonNode item : root.get("scenarios")) {
            JsonNode given = merge(defaults.isObject() ? defaults.deepCopy() : YAML.createObjectNode(),
                    item.path("given"));
            ObjectNode context = YAML.createObjectNode();
            for (String key : List.of("at", "tradingStates")) {
                JsonNode value = item.has(key) ? item.get(key) : root.get(key);
                if (value != null && !value.isNull()) {
                    context.set(key, value);
                }
            }
            scenarios.add(new Scenario(fileName, index++, item.path("note").asText("(no note)"), given,
                    item.path("expect"), context));
        }
        return scenarios;
    }

    private static JsonNode merge(ObjectNode base, JsonNode override) {
        if (!override.isObject()) {
            return base;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = override.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            JsonNode existing = base.get(field.getKey());
            if (value.isNull()) {
                base.remove(field.getKey());
            } else if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, value);
            } else {
                base.set(field.getKey(), value.deepCopy());
            }
        }
        return base;
    }

    private static boolean isScenarioFile(Path file) {
        String name = file.getFileName().toString();
        return (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.startsWith(".");
    }
}
