package io.positionpolicy.evaluation.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.evaluation.EvaluationIds;
import io.positionpolicy.evaluation.Evaluator;
import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.evaluation.RequestParser;
import io.positionpolicy.evaluation.RuleEngineException;
import io.positionpolicy.model.Decision;
import io.positionpolicy.rules.RuleSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs a scenario against a rule set and lists every way the decision differs from {@code expect}: verdict, actions
 * (only the fields given are compared), violation codes (as a set; an entry may be {@code {code, message}}, the
 * message a text the violation's message must contain), adjustments (as a set, only the fields given compared),
 * metrics, rules that must or must not fire (a fired entry may be {@code {rule, message}}, the message a text the
 * rule's fired message must contain), or the fields a rejected request must name ({@code invalid}).
 */
public final class ScenarioRunner {
    private static final double TOLERANCE = 1e-6;
    private static final Set<String> ACTION_FIELDS = Set.of("type", "quantity", "price", "stopPrice", "leverage",
            "reason");
    private static final Set<String> ADJUSTMENT_FIELDS = Set.of("field", "from", "to", "rule", "message");

    private ScenarioRunner() {
    }

    /** A scenario's outcome; {@code stopped} when its evaluation was halted at the evaluation limits. */
    public record Outcome(Scenario scenario, Decision decision, List<String> failures, boolean stopped) {
        public Outcome(Scenario scenario, Decision decision, List<String> failures) {
            this(scenario, decision, failures, false);
        }

        public boolean passed() {
            return failures.isEmpty();
        }
    }

    public static Outcome run(RuleSet ruleSet, Scenario scenario) {
        List<String> failures = new ArrayList<>();
        JsonNode expect = scenario.expect();
        Decision decision = null;
        try {
            ScenarioContext context = ScenarioContext.of(scenario.context());
            decision = Evaluator.evaluate(ruleSet, RequestParser.parse(scenario.given()), EvaluationIds.next(),
                    context.at(), context.states());
        } catch (InvalidRequestException e) {
            checkInvalid(expect, e.errors(), failures);
            return new Outcome(scenario, null, failures);
        } catch (RuleEngineException e) {
            failures.add("evaluation failed: " + e.getMessage());
            return new Outcome(scenario, null, failures, e.overBudget());
        } catch (RuntimeException e) {
            failures.add("evaluation failed: " + e.getMessage());
            return new Outcome(scenario, null, failures);
        }
        if (expect.has("invalid")) {
            failures.add("expected the request to be rejected as invalid, got verdict " + decision.verdict());
            return new Outcome(scenario, decision, failures);
        }
        if (expect.has("verdict") && !expect.get("verdict").asText().equals(String.valueOf(decision.verdict()))) {
            failures.add("verdict: expected " + expect.get("verdict").asText() + ", got " + decision.verdict());
        }
        checkActions(expect.get("actions"), decision.actions(), failures);
        checkViolations(expect.get("violations"), decision.violations(), failures);
        checkAdjustments(expect.get("adjustments"), decision.adjustments(), failures);
        checkMetrics(expect.get("metrics"), decision.metrics(), failures);
        checkFired(expect, decision.firedRules(), failures);
        checkNotes(expect.get("notes"), decision.notes(), failures);
        return new Outcome(scenario, decision, failures);
    }

    private static void checkInvalid(JsonNode expect, List<FieldError> errors, List<String> failures) {
        if (!expect.has("invalid")) {
            failures.add("request rejected as invalid: " + invalid(errors));
            return;
        }
        Set<String> fields = errors.stream().map(FieldError::field).collect(Collectors.toSet());
        for (JsonNode field : expect.get("invalid")) {
            if (!fields.contains(field.asText())) {
                failures.add("expected an error on " + field.asText() + ", got " + invalid(errors));
            }
        }
    }

    private static void checkActions(JsonNode expected, List<Decision.Action> actual, List<String> failures) {
        if (expected == null) {
            return;
        }
        if (expected.size() != actual.size()) {
            failures.add("actions: expected " + expected.size() + ", got " + actual.size()
                    + (actual.isEmpty() ? "" : ": " + actual.stream().map(ScenarioRunner::action)
                            .collect(Collectors.joining("; "))));
            return;
        }
        for (int i = 0; i < actual.size(); i++) {
            Decision.Action action = actual.get(i);
            Map<String, Object> fields = new HashMap<>();
            fields.put("type", String.valueOf(action.type()));
            fields.put("quantity", action.quantity());
            fields.put("price", action.price());
            fields.put("stopPrice", action.stopPrice());
            fields.put("leverage", action.leverage());
            fields.put("reason", action.reason());
            Iterator<Map.Entry<String, JsonNode>> wanted = expected.get(i).fields();
            while (wanted.hasNext()) {
                Map.Entry<String, JsonNode> field = wanted.next();
                if (!ACTION_FIELDS.contains(field.getKey())) {
                    failures.add("actions[" + i + "]: unknown field " + field.getKey());
                } else if (!matches(field.getValue(), fields.get(field.getKey()))) {
                    failures.add("actions[" + i + "]." + field.getKey() + ": expected " + field.getValue()
                            + ", got " + fields.get(field.getKey()));
                }
            }
        }
    }

    private static void checkViolations(JsonNode expected, List<Decision.Violation> actual, List<String> failures) {
        if (expected == null) {
            return;
        }
        List<String> want = new ArrayList<>();
        expected.forEach(item -> want.add(item.isObject() ? item.path("code").asText() : item.asText()));
        List<String> got = actual.stream().map(Decision.Violation::code).toList();
        if (!want.stream().sorted().toList().equals(got.stream().sorted().toList())) {
            failures.add("violations: expected " + (want.isEmpty() ? "none" : String.join(", ", want)) + ", got "
                    + (actual.isEmpty() ? "none" : actual.stream().map(ScenarioRunner::violation)
                            .collect(Collectors.joining("; "))));
            return;
        }
        for (JsonNode item : expected) {
            if (item.isObject() && item.has("message")) {
                String code = item.path("code").asText();
                String text = item.get("message").asText();
                if (actual.stream().noneMatch(v -> v.code().equals(code) && v.message().contains(text))) {
                    failures.add("violations: no " + code + " message contains \"" + text + "\"; got " + actual.stream()
                            .map(ScenarioRunner::violation).collect(Collectors.joining("; ")));
                }
            }
        }
    }

    /** Order-free: each expected adjustment must match a different actual one on the fields it gives. */
    private static void checkAdjustments(JsonNode expected, List<Decision.Adjustment> actual, List<String> failures) {
        if (expected == null) {
            return;
        }
        if (expected.size() != actual.size()) {
            failures.add("adjustments: expected " + expected.size() + ", got " + actual.size() + ": "
                    + adjustments(actual));
            return;
        }
        List<Decision.Adjustment> unmatched = new ArrayList<>(actual);
        for (JsonNode want : expected) {
            Decision.Adjustment match = null;
            for (Decision.Adjustment candidate : unmatched) {
                Map<String, Object> fields = new HashMap<>();
                fields.put("field", candidate.field());
                fields.put("from", candidate.from());
                fields.put("to", candidate.to());
                fields.put("rule", candidate.rule());
                fields.put("message", candidate.message());
                boolean all = true;
                Iterator<Map.Entry<String, JsonNode>> wanted = want.fields();
                while (wanted.hasNext()) {
                    Map.Entry<String, JsonNode> field = wanted.next();
                    if (!ADJUSTMENT_FIELDS.contains(field.getKey())) {
                        failures.add("adjustments: unknown field " + field.getKey());
                        return;
                    }
                    Object value = fields.get(field.getKey());
                    all &= field.getKey().equals("message")
                            ? value != null && value.toString().contains(field.getValue().asText())
                            : matches(field.getValue(), value);
                }
                if (all) {
                    match = candidate;
                    break;
                }
            }
            if (match == null) {
                failures.add("adjustments: none matches " + want + "; got " + adjustments(actual));
            } else {
                unmatched.remove(match);
            }
        }
    }

    /** {@code notes}: the codes of the decision's notes, as a set ({@code []} for none). */
    private static void checkNotes(JsonNode expected, List<Decision.Note> actual, List<String> failures) {
        if (expected == null) {
            return;
        }
        List<String> want = new ArrayList<>();
        expected.forEach(code -> want.add(code.asText()));
        List<String> got = actual == null ? List.of() : actual.stream().map(Decision.Note::code).toList();
        if (!want.stream().sorted().toList().equals(got.stream().sorted().toList())) {
            failures.add("notes: expected " + want + ", got " + (actual == null ? "none" : actual));
        }
    }

    private static void checkMetrics(JsonNode expected, Decision.Metrics metrics, List<String> failures) {
        if (expected == null) {
            return;
        }
        Map<String, Object> actual = new HashMap<>();
        actual.put("riskBudget", metrics.riskBudget());
        actual.put("openRiskBefore", metrics.openRiskBefore());
        actual.put("openRiskAfter", metrics.openRiskAfter());
        actual.put("openRiskPctAfter", metrics.openRiskPctAfter());
        actual.put("liquidationPrice", metrics.liquidationPrice());
        actual.put("averageEntryPriceAfter", metrics.averageEntryPriceAfter());
        actual.put("notionalAfter", metrics.notionalAfter());
        actual.put("atr", metrics.atr());
        expected.fields().forEachRemaining(field -> {
            if (!actual.containsKey(field.getKey())) {
                failures.add("metrics: unknown metric " + field.getKey());
            } else if (!matches(field.getValue(), actual.get(field.getKey()))) {
                failures.add("metrics." + field.getKey() + ": expected " + field.getValue() + ", got "
                        + actual.get(field.getKey()));
            }
        });
    }

    /**
     * {@code fired}: rule names, or {@code {rule, message}} for a rule that must fire with a message containing the
     * text (a note or an action says why only there); {@code notFired}: rule names.
     */
    private static void checkFired(JsonNode expect, List<Decision.FiredRule> fired, List<String> failures) {
        Set<String> names = fired.stream().map(Decision.FiredRule::name).collect(Collectors.toSet());
        expect.path("fired").forEach(rule -> {
            String name = rule.isObject() ? rule.path("rule").asText() : rule.asText();
            if (!names.contains(name)) {
                failures.add("rule did not fire: " + name);
            } else if (rule.isObject() && rule.has("message")) {
                String text = rule.get("message").asText();
                if (fired.stream().noneMatch(f -> f.name().equals(name) && f.message() != null
                        && f.message().contains(text))) {
                    failures.add("rule \"" + name + "\" fired, but no message of it contains \"" + text + "\"; got "
                            + fired.stream().filter(f -> f.name().equals(name)).map(f -> "\"" + f.message() + "\"")
                                    .collect(Collectors.joining("; ")));
                }
            }
        });
        expect.path("notFired").forEach(rule -> {
            if (names.contains(rule.asText())) {
                failures.add("rule fired but must not: " + rule.asText());
            }
        });
    }

    /** As a person reads it: STOP_REQUIRED from "Stop required" (an OPEN needs a stop price). */
    static String violation(Decision.Violation v) {
        return v.code() + (v.rule() == null ? "" : " from \"" + v.rule() + "\"")
                + (v.message() == null || v.message().isBlank() ? "" : " (" + v.message() + ")");
    }

    /** As a person reads it: OPEN 25 at 69500 stop 68500 leverage 5 (INITIAL_RISK). */
    static String action(Decision.Action a) {
        StringBuilder text = new StringBuilder(String.valueOf(a.type()));
        if (a.quantity() != null) {
            text.append(' ').append(number(a.quantity()));
        }
        if (a.price() != null) {
            text.append(" at ").append(number(a.price()));
        }
        if (a.stopPrice() != null) {
            text.append(" stop ").append(number(a.stopPrice()));
        }
        if (a.leverage() != null) {
            text.append(" leverage ").append(a.leverage());
        }
        return a.reason() == null ? text.toString() : text.append(" (").append(a.reason()).append(')').toString();
    }

    private static String invalid(List<FieldError> errors) {
        return errors.stream().map(e -> e.field() + " " + e.reason()).collect(Collectors.joining("; "));
    }

    private static String number(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Adjustments as a person reads them: "quantity 100 -> 25 (rule)". */
    private static String adjustments(List<Decision.Adjustment> actual) {
        return actual.isEmpty() ? "none" : actual.stream().map(a -> a.field() + " " + number(a.from()) + " -> "
                + number(a.to()) + " (" + a.rule() + ")").collect(Collectors.joining("; "));
    }

    private static String number(Double value) {
        return value == null ? "none" : java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static boolean matches(JsonNode expected, Object actual) {
        if (expected.isNull()) {
            return actual == null;
        }
        if (expected.isNumber()) {
            return actual instanceof Number n
                    && Math.abs(n.doubleValue() - expected.asDouble()) <= TOLERANCE * Math.max(1, Math.abs(n.doubleValue()));
        }
        return actual != null && expected.asText().equals(String.valueOf(actual));
    }
}
