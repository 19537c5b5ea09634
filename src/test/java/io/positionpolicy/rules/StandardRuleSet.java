package io.positionpolicy.rules;

import java.nio.file.Path;

/** The shipped rule set, compiled once per test JVM outside Quarkus. */
public final class StandardRuleSet {
    public static final Path RULES = Path.of("rules");
    /** The trading controls (issue 18): trading states, protections, per-instrument limits. */
    public static final String CONTROLS = "controls/";
    private static RuleSet compiled;
    private static RuleSet policyOnly;

    private StandardRuleSet() {
    }

    public static synchronized RuleSet get() {
        if (compiled == null) {
            QuietLogging.apply();
            compiled = new RuleCompiler(StandardRuleSet.class.getClassLoader()).compile(RuleSources.readDrl(RULES));
        }
        return compiled;
    }

    /**
     * The shipped rules without {@code controls/}: the sizing and management policy the hand-written reference
     * copies. The controls are held to their decisions by their own scenarios and by ControlsKeepPolicyDecisionsTest.
     */
    public static synchronized RuleSet policyOnly() {
        if (policyOnly == null) {
            QuietLogging.apply();
            java.util.SortedMap<String, String> files = new java.util.TreeMap<>(RuleSources.readDrl(RULES));
            files.keySet().removeIf(path -> path.startsWith(CONTROLS));
            policyOnly = new RuleCompiler(StandardRuleSet.class.getClassLoader()).compile(files);
        }
        return policyOnly;
    }
}
