package io.positionpolicy.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.model.ControlScope;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.model.TradingStatus;
import io.positionpolicy.model.facts.TradingState;
import io.positionpolicy.rules.RuleSet;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Replays a recorded request against other rules and says what would change: the verdict, the quantities, the
 * stops (and leverage), the violations. Nothing is journaled.
 */
public final class Replay {
    public static final String VERDICT = "verdict";
    public static final String QUANTITIES = "quantities";
    public static final String STOPS = "stops";
    public static final String VIOLATIONS = "violations";

    /** The parts of a decision the comparison looks at. */
    public record Outcome(String verdict, List<ActionSummary> actions, List<String> violations) {
    }

    public record ActionSummary(String type, Double quantity, Double stopPrice, Integer leverage, String reason) {
    }

    /** One replayed record: what changed, and the decision before (recorded) and after (candidate). */
    public record Comparison(List<String> changes, Outcome before, Outcome after, String error) {
        public boolean changed() {
            return !changes.isEmpty();
        }
    }

    private Replay() {
    }

    public static Comparison compare(RuleSet candidate, String requestJson, String responseJson) {
        JsonNode response = tree(responseJson);
        Outcome before = recorded(response);
        Outcome after;
        try {
            EvaluationRequest request = RequestParser.parse(requestJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            // Decided again as it was then: at its own time (the protections count days and cooldowns from it) and
            // under the trading states it met, so that only the rules differ.
            List<TradingState> states = statesIn(response);
            Instant at = response.hasNonNull("evaluatedAt") ? Instant.parse(response.get("evaluatedAt").asText())
                    : Instant.now();
            after = outcome(Evaluator.evaluate(candidate, request, EvaluationIds.next(), at, (a, s) -> states));
        } catch (InvalidRequestException e) {
            return new Comparison(List.of(VERDICT), before, null, "the request is not valid any more: "
                    + e.errors().get(0).field() + " " + e.errors().get(0).reason());
        } catch (RuleEngineException e) {
            return new Comparison(List.of(VERDICT), before, null, e.getMessage());
        }
        List<String> changes = new ArrayList<>();
        if (!Objects.equals(before.verdict(), after.verdict())) {
            changes.add(VERDICT);
        }
        if (!same(before.actions(), after.actions(), true)) {
            changes.add(QUANTITIES);
        }
        if (!same(before.actions(), after.actions(), false)) {
            changes.add(STOPS);
        }
        if (!before.violations().equals(after.violations())) {
            changes.add(VIOLATIONS);
        }
        return new Comparison(changes, before, after, null);
    }

    private static boolean same(List<ActionSummary> a, List<ActionSummary> b, boolean quantities) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            ActionSummary x = a.get(i);
            ActionSummary y = b.get(i);
            boolean equal = quantities
                    ? Objects.equals(x.type(), y.type()) && close(x.quantity(), y.quantity())
                    : close(x.stopPrice(), y.stopPrice()) && Objects.equals(x.leverage(), y.leverage());
            if (!equal) {
                return false;
            }
        }
        return true;
    }

    private static boolean close(Double x, Double y) {
        return x == null ? y == null : y != null && Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));
    }

    static Outcome outcome(Decision d) {
        return new Outcome(d.verdict() == null ? null : d.verdict().name(), d.actions().stream()
                .map(a -> new ActionSummary(a.type().name(), a.quantity(), a.stopPrice(), a.leverage(), a.reason()))
                .toList(), d.violations().stream().map(Decision.Violation::code).toList());
    }

    static Outcome recorded(String responseJson) {
        return recorded(tree(responseJson));
    }

    private static Outcome recorded(JsonNode r) {
        List<ActionSummary> actions = new ArrayList<>();
        r.path("actions").forEach(a -> actions.add(new ActionSummary(text(a, "type"), number(a, "quantity"),
                number(a, "stopPrice"), a.hasNonNull("leverage") ? a.get("leverage").asInt() : null,
                text(a, "reason"))));
        List<String> violations = new ArrayList<>();
        r.path("violations").forEach(v -> violations.add(v.path("code").asText()));
        return new Outcome(text(r, "verdict"), actions, violations);
    }

    /** The trading states a recorded decision was made under ({@code tradingStates}; none when absent). */
    private static List<TradingState> statesIn(JsonNode r) {
        List<TradingState> states = new ArrayList<>();
        r.path("tradingStates").forEach(s -> states.add(new TradingState(ControlScope.valueOf(text(s, "scope")),
                text(s, "accountId"), text(s, "symbol"), TradingStatus.valueOf(text(s, "state")), text(s, "reason"),
                text(s, "setBy"), s.hasNonNull("since") ? Instant.parse(s.get("since").asText()) : null)));
        return states;
    }

    private static JsonNode tree(String responseJson) {
        try {
            return RequestParser.mapper().readTree(responseJson);
        } catch (IOException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static Double number(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asDouble() : null;
    }
}
