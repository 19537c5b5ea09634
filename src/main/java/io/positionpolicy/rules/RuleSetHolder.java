package io.positionpolicy.rules;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The active rule set. Each evaluation reads it once and finishes on that snapshot, so swapping in a new one never
 * affects an evaluation in flight.
 */
@ApplicationScoped
public class RuleSetHolder {
    private final AtomicReference<RuleSet> active = new AtomicReference<>();

    public Optional<RuleSet> current() {
        return Optional.ofNullable(active.get());
    }

    /** Makes {@code next} active; returns the one it replaced, if any. */
    public Optional<RuleSet> activate(RuleSet next) {
        return Optional.ofNullable(active.getAndSet(next));
    }
}
