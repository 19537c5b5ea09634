package io.positionpolicy.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.positionpolicy.evaluation.scenario.Scenario;
import io.positionpolicy.evaluation.scenario.ScenarioFiles;
import io.positionpolicy.evaluation.scenario.ScenarioRunner;
import io.positionpolicy.rules.RuleSet;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * "Accept these results as the new expectations": rewrites, in a scenario file's own text, each expectation a
 * candidate no longer meets — the verdict, the actions, the violations, a metric, a rule that must or must not fire —
 * to what the candidate decides. Only the failing values are replaced (found by their position in the text with
 * SnakeYAML's node marks), so comments, layout and every passing expectation stay as they were and the change reads as
 * a small diff.
 */
public final class ExpectationRewriter {
    private static final Set<String> REWRITTEN = Set.of("verdict", "actions", "violations", "adjustments", "metrics",
            "fired", "notFired");

    private ExpectationRewriter() {
    }

    /** The file's text with the failing expectations of {@code candidate} replaced; unchanged when all pass. */
    public static String accept(String file, String yaml, RuleSet candidate) throws IOException {
        List<Scenario> scenarios = ScenarioFiles.parse(file, yaml);
        Node root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        SequenceNode items = (SequenceNode) value(root, "scenarios");
        List<Edit> edits = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            if (scenario.expect().has("invalid") || ScenarioRunner.run(candidate, scenario).passed()) {
                continue;
            }
            Node expect = value(items.getValue().get(scenario.index()), "expect");
            if (!(expect instanceof MappingNode mapping)) {
                continue;
            }
            for (NodeTuple tuple : mapping.getValue()) {
                String key = ((ScalarNode) tuple.getKeyNode()).getValue();
                if (REWRITTEN.contains(key)) {
                    edits.addAll(rewrite(key, tuple.getValueNode(), scenario, candidate));
                }
            }
        }
        edits.sort(Comparator.comparingInt(Edit::start).reversed());
        StringBuilder text = new StringBuilder(yaml);
        for (Edit edit : edits) {
            int end = edit.end();
            while (end > edit.start() && Character.isWhitespace(yaml.charAt(end - 1))) {
                end--; // a block collection ends where the next key starts: keep the line break before it
            }
            text.replace(edit.start(), end, edit.text());
        }
        return text.toString();
    }

    private record Edit(int start, int end, String text) {
    }

    private static List<Edit> rewrite(String key, Node node, Scenario scenario, RuleSet candidate) {
        ObjectNode only = JsonNodeFactory.instance.objectNode();
        only.set(key, scenario.expect().get(key));
        Scenario probe = new Scenario(scenario.file(), scenario.index(), scenario.note(), scenario.given(), only);
        ScenarioRunner.Outcome outcome = ScenarioRunner.run(candidate, probe);
        if (outcome.passed() || outcome.decision() == null) {
            return List.of();
        }
        ScenarioDifferences.Decided decided = ScenarioDifferences.Decided.of(outcome.decision());
        return switch (key) {
            case "verdict" -> List.of(edit(node, decided.verdict()));
            case "violations" -> List.of(edit(node, violations(scenario.expect().get("violations"),
                    outcome.decision().violations())));
            case "adjustments" -> List.of(edit(node, adjustments(scenario.expect().get("adjustments"),
                    outcome.decision().adjustments())));
            case "actions" -> List.of(edit(node, actions(scenario.expect().get("actions"), decided.actions())));
            case "metrics" -> metrics((MappingNode) node, decided.metrics(), scenario.expect().get("metrics"));
            default -> List.of(edit(node, "[" + String.join(", ",
                    keptRules(key, scenario.expect().get(key), outcome)) + "]"));
        };
    }

    /**
     * Rules that must (not) fire, less those the candidate contradicts, quoted for the flow list; a fired rule whose
     * message was checked keeps the check, with the candidate's message.
     */
    private static List<String> keptRules(String key, JsonNode expected, ScenarioRunner.Outcome outcome) {
        Map<String, String> fired = new java.util.HashMap<>();
        outcome.decision().firedRules().forEach(r -> fired.putIfAbsent(r.name(), r.message()));
        List<String> kept = new ArrayList<>();
        expected.forEach(rule -> {
            String name = rule.isObject() ? rule.path("rule").asText() : rule.asText();
            if (fired.containsKey(name) == key.equals("fired")) {
                kept.add(rule.isObject() && rule.has("message") && fired.get(name) != null
                        ? "{rule: " + quoted(name) + ", message: " + quoted(fired.get(name)) + "}"
                        : quoted(name));
            }
        });
        return kept;
    }

    private static List<Edit> metrics(MappingNode node, Map<String, Double> decided, JsonNode expected) {
        List<Edit> edits = new ArrayList<>();
        for (NodeTuple tuple : node.getValue()) {
            String name = ((ScalarNode) tuple.getKeyNode()).getValue();
            Double actual = decided.get(name);
            JsonNode wanted = expected.get(name);
            if (wanted != null && wanted.isNumber() && actual != null
                    && Math.abs(actual - wanted.asDouble()) > 1e-6 * Math.max(1, Math.abs(actual))) {
                edits.add(edit(tuple.getValueNode(), number(actual)));
            }
        }
        return edits;
    }

    /** The decided actions in flow style, each with the fields the old expectation gave (all of them if none). */
    private static String actions(JsonNode expected, List<Map<String, Object>> actions) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            JsonNode template = expected.has(i) ? expected.get(i) : expected.has(0) ? expected.get(0) : null;
            List<String> fields = new ArrayList<>();
            for (var field : actions.get(i).entrySet()) {
                if (template == null || template.has(field.getKey())) {
                    Object v = field.getValue();
                    fields.add(field.getKey() + ": " + (v instanceof Number n ? number(n.doubleValue()) : v));
                }
            }
            items.add("{" + String.join(", ", fields) + "}");
        }
        return "[" + String.join(", ", items) + "]";
    }

    /** The decided violations; a code whose message the old expectation checked keeps a message check. */
    private static String violations(JsonNode expected, List<io.positionpolicy.model.Decision.Violation> actual) {
        Set<String> withMessage = new java.util.HashSet<>();
        expected.forEach(v -> {
            if (v.isObject() && v.has("message")) {
                withMessage.add(v.path("code").asText());
            }
        });
        List<String> items = new ArrayList<>();
        for (var v : actual) {
            items.add(withMessage.contains(v.code()) ? "{code: " + v.code() + ", message: " + quoted(v.message()) + "}"
                    : v.code());
        }
        return "[" + String.join(", ", items) + "]";
    }

    /** The decided adjustments, each with the fields the old expectation gave (all of them if none). */
    private static String adjustments(JsonNode expected, List<io.positionpolicy.model.Decision.Adjustment> actual) {
        JsonNode template = expected.has(0) ? expected.get(0) : null;
        List<String> items = new ArrayList<>();
        for (var a : actual) {
            Map<String, Object> all = new java.util.LinkedHashMap<>();
            all.put("field", a.field());
            all.put("from", a.from());
            all.put("to", a.to());
            all.put("rule", a.rule());
            all.put("message", a.message());
            List<String> fields = new ArrayList<>();
            all.forEach((key, value) -> {
                if (value != null && (template == null ? !key.equals("message") : template.has(key))) {
                    fields.add(key + ": " + (value instanceof Number n ? number(n.doubleValue())
                            : value instanceof String t && (key.equals("rule") || key.equals("message")) ? quoted(t)
                            : value));
                }
            });
            items.add("{" + String.join(", ", fields) + "}");
        }
        return "[" + String.join(", ", items) + "]";
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static Edit edit(Node node, String text) {
        return new Edit(node.getStartMark().getIndex(), node.getEndMark().getIndex(), text);
    }

    private static Node value(Node mapping, String key) {
        if (mapping instanceof MappingNode m) {
            for (NodeTuple tuple : m.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return tuple.getValueNode();
                }
            }
        }
        throw new IllegalArgumentException("no '" + key + "' in the scenario file");
    }

    /** The line of the {@code index}-th scenario (its "- note:" item), 1-based; 0 when not found. */
    static int lineOf(String yaml, int index) {
        String[] lines = yaml.split("\n", -1);
        int seen = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].stripLeading().startsWith("- note:") && ++seen == index) {
                return i + 1;
            }
        }
        return 0;
    }
}
