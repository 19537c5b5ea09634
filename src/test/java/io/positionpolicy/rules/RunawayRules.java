package io.positionpolicy.rules;

/** Rule text the runaway-rule tests share. */
public final class RunawayRules {
    /** Passes the safety check (every loop is bounded) but takes 10^12 steps on every account. */
    public static final String SPINS = """
            package runaway;
            import io.positionpolicy.model.facts.*;
            rule "Spins on every account"
            when
                Account()
            then
                java.util.List<Integer> l = java.util.Collections.nCopies(10000, 1);
                long n = 0;
                for (Integer a : l) { for (Integer b : l) { for (Integer c : l) { n += a + b + c; } } }
                insert( new Note("" + n) );
            end
            """;

    private RunawayRules() {
    }
}
