package io.positionpolicy.evaluation;

import io.positionpolicy.model.Decision.FiredRule;
import io.positionpolicy.model.facts.Action;
import io.positionpolicy.model.facts.Adjustment;
import io.positionpolicy.model.facts.DecisionNote;
import io.positionpolicy.model.facts.Explained;
import io.positionpolicy.model.facts.Limits;
import io.positionpolicy.model.facts.Violation;
import io.positionpolicy.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.definition.rule.Rule;

/**
 * Records one evaluation as it runs: the rules that fired in order (with the file each came from and the messages of
 * what they inserted), and the outcome facts, each with the rule that produced it. {@link RunGuard} announces each
 * firing ({@link #firing}) and each fact a rule inserts ({@link #inserted}); the evaluation calls {@link #finish} once
 * the rules have settled.
 */
final class FiringRecorder {
    record Attributed<T>(T fact, String rule) {
    }

    private final RuleSet ruleSet;
    private final List<FiredRule> fired = new ArrayList<>();
    private final List<Attributed<Violation>> violations = new ArrayList<>();
    private final List<Attributed<Adjustment>> adjustments = new ArrayList<>();
    private final List<Action> actions = new ArrayList<>();
    private final List<Attributed<DecisionNote>> notes = new ArrayList<>();
    private Limits limits;
    private Rule firingRule;
    private StringBuilder currentMessage;

    /** {@code rule}, while firing, inserted {@code fact}. */
    void inserted(Object fact, Rule rule) {
        String name = rule.getName();
        if (fact instanceof Violation v) {
            violations.add(new Attributed<>(v, name));
        } else if (fact instanceof Adjustment a) {
            adjustments.add(new Attributed<>(a, name));
        } else if (fact instanceof Action a) {
            actions.add(a);
        } else if (fact instanceof DecisionNote n) {
            notes.add(new Attributed<>(n, name));
        } else if (fact instanceof Limits l) {
            limits = l;
        }
        String message = fact instanceof Explained explained ? explained.message() : null;
        if (message != null) {
            currentMessage = currentMessage == null ? new StringBuilder(message)
                    : currentMessage.append("; ").append(message);
        }
    }

    FiringRecorder(RuleSet ruleSet) {
        this.ruleSet = ruleSet;
    }

    /** {@code rule} is about to fire: the rule before it has finished, with what it inserted. */
    void firing(Rule rule) {
        finish();
        firingRule = rule;
    }

    /** The last rule has finished firing. */
    void finish() {
        if (firingRule != null) {
            fired.add(new FiredRule(firingRule.getName(), ruleSet.fileOf(firingRule),
                    currentMessage == null ? null : currentMessage.toString()));
        }
        firingRule = null;
        currentMessage = null;
    }

    List<FiredRule> fired() {
        return fired;
    }

    List<Attributed<Violation>> violations() {
        return violations;
    }

    List<Attributed<Adjustment>> adjustments() {
        return adjustments;
    }

    List<Attributed<DecisionNote>> notes() {
        return notes;
    }

    List<Action> actions() {
        return actions;
    }

    /** The parameters the rules chose for this account, or null if no parameter rule matched. */
    Limits limits() {
        return limits;
    }
}
