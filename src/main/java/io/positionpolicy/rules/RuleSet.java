package io.positionpolicy.rules;

import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.SortedMap;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;

/**
 * A compiled, immutable rule set: the DRL files it was built from (path relative to the rules directory → text), their
 * content hash {@code sha256:<hex>} as its version, the KieBase, and which file each rule came from.
 *
 * Sessions come from a pool: a disposed session is reset and reused, which spares each evaluation the cost of
 * building a session's memory from scratch.
 *
 * @param ruleFiles rule key ({@code package + "/" + name}) → file
 * @param filesByRule the same, keyed by the KieBase's own rule objects: what a firing names, found without building a key
 */
public record RuleSet(
        String version,
        SortedMap<String, String> files,
        KieBase kieBase,
        KieSessionsPool sessions,
        Map<String, String> ruleFiles,
        Instant compiledAt,
        long compileMillis,
        Map<Rule, String> filesByRule) {

    public RuleSet(String version, SortedMap<String, String> files, KieBase kieBase, KieSessionsPool sessions,
            Map<String, String> ruleFiles, Instant compiledAt, long compileMillis) {
        this(version, files, kieBase, sessions, ruleFiles, compiledAt, compileMillis, byRule(kieBase, ruleFiles));
    }

    private static Map<Rule, String> byRule(KieBase kieBase, Map<String, String> ruleFiles) {
        Map<Rule, String> byRule = new IdentityHashMap<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                byRule.put(rule, ruleFiles.getOrDefault(ruleKey(rule.getPackageName(), rule.getName()), "?"));
            }
        }
        return byRule;
    }

    /** A clean session; {@code dispose()} it to hand it back to the pool. */
    public KieSession newSession() {
        return sessions.newKieSession();
    }

    public static String ruleKey(String packageName, String ruleName) {
        return packageName + "/" + ruleName;
    }

    /** The file a rule came from, or "?" for a rule unknown to this set. */
    public String fileOf(String packageName, String ruleName) {
        return ruleFiles.getOrDefault(ruleKey(packageName, ruleName), "?");
    }

    /** The file {@code rule} (of this set's KieBase) came from, or "?" for a rule unknown to this set. */
    public String fileOf(Rule rule) {
        String file = filesByRule.get(rule);
        return file != null ? file : fileOf(rule.getPackageName(), rule.getName());
    }
}
