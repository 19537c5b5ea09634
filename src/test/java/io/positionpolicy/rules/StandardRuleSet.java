package io.positionpolicy.rules;

import java.nio.file.Path;

/** The shipped rule set, compiled once per test JVM outside Quarkus. */
public final class StandardRuleSet {
    public static final Path RULES = Path.of("rules");
    private static RuleSet compiled;

    private StandardRuleSet() {
    }

    public static synchronized RuleSet get() {
        if (compiled == null) {
            QuietLogging.apply();
            compiled = new RuleCompiler(StandardRuleSet.class.getClassLoader()).compile(RuleSources.readDrl(RULES));
        }
        return compiled;
    }
}
