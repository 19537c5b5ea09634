package io.positionpolicy.evaluation;

import io.positionpolicy.rules.RuleSet;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;

/**
 * Watches one evaluation's session: knows which rule is firing (so an error or an overrun can name it and its file)
 * and halts the session once the time budget is spent. It can only act between firings and fact changes: a single
 * consequence that runs long is stopped when it next inserts, modifies or deletes a fact, or when it ends.
 */
final class RunGuard extends DefaultAgendaEventListener implements RuleRuntimeEventListener {
    private final KieSession session;
    private final RuleSet ruleSet;
    private final long deadline;
    private Rule current;
    private int firings;
    private boolean overrun;

    RunGuard(KieSession session, RuleSet ruleSet, long budgetNanos) {
        this.session = session;
        this.ruleSet = ruleSet;
        this.deadline = System.nanoTime() + budgetNanos;
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        current = event.getMatch().getRule();
        firings++;
        checkTime();
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        checkTime();
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        checkTime();
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        checkTime();
    }

    private void checkTime() {
        if (!overrun && System.nanoTime() - deadline > 0) {
            overrun = true;
            session.halt();
        }
    }

    boolean overrun() {
        return overrun;
    }

    int firings() {
        return firings;
    }

    /** The rule firing now or last, or null before the first firing. */
    String rule() {
        return current == null ? null : current.getName();
    }

    String file() {
        return current == null ? null : ruleSet.fileOf(current.getPackageName(), current.getName());
    }

    /** {@code rule "X" (file.drl)}, or a phrase for the time before any rule fired. */
    String where() {
        return current == null ? "while the facts were inserted (a condition)" : "in rule \"" + rule() + "\" ("
                + file() + ")";
    }
}
