package io.positionpolicy.rules;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import org.kie.api.KieBase;
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
 */
public record RuleSet(
        String version,
        SortedMap<String, String> files,
        KieBase kieBase,
        KieSessionsPool sessions,
        Map<String, String> ruleFiles,
        Instant compiledAt,
        long compileMillis) {

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
}
