package io.positionpolicy.evaluation;

import io.positionpolicy.rules.RuleSet;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.AgendaFilter;
import org.kie.api.runtime.rule.Match;

/**
 * Watches one evaluation's session: knows which rule is firing (so an error or an overrun can name it and its file)
 * and halts the session once the time budget is spent. It can only act between firings and fact changes: a single
 * consequence that runs long is stopped when it next inserts, modifies or deletes a fact, or when it ends.
 *
 * <p>It learns of each firing as the agenda filter of {@code fireAllRules}, which Drools asks once per match just
 * before its consequence runs, and tells the {@link FiringRecorder}. An agenda event listener would hear the same,
 * but while one is registered Drools also builds an event for every match created and cancelled: about a tenth of an
 * evaluation's time.
 */
final class RunGuard implements AgendaFilter, RuleRuntimeEventListener {
    private final KieSession session;
    private final RuleSet ruleSet;
    private final FiringRecorder recorder;
    private final long deadline;
    private Rule current;
    private int firings;
    private boolean overrun;

    RunGuard(KieSession session, RuleSet ruleSet, FiringRecorder recorder, long budgetNanos) {
        this.session = session;
        this.ruleSet = ruleSet;
        this.recorder = recorder;
        this.deadline = System.nanoTime() + budgetNanos;
    }

    /** Called just before {@code match} fires: it fires unless the time budget is spent. */
    @Override
    public boolean accept(Match match) {
        current = match.getRule();
        firings++;
        checkTime();
        if (overrun) {
            return false;
        }
        recorder.firing(current);
        return true;
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        checkTime();
        if (event.getRule() != null) {
            recorder.inserted(event.getObject(), event.getRule());
        }
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
        return current == null ? null : ruleSet.fileOf(current);
    }

    /** {@code rule "X" (file.drl)}, or a phrase for the time before any rule fired. */
    String where() {
        return current == null ? "while the facts were inserted (a condition)" : "in rule \"" + rule() + "\" ("
                + file() + ")";
    }
}
