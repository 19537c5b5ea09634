package io.positionpolicy.config;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Refuses a start whose {@code policy.*} settings cannot work, naming each bad key and what it takes, before anything
 * uses them: without it a count of 0 or a negative interval either started and misbehaved later (a batch limit of 0
 * refused every batch; a poll interval of 0 spun) or failed deep inside with a message that named no setting.
 */
@ApplicationScoped
public class SettingsCheck {
    private static final Set<String> WHEN_NO_USERS = Set.of("auto", "generate-admin", "refuse");
    private static final Set<String> RULE_SOURCES = Set.of("directory", "database");

    void onStart(@Observes @Priority(1) StartupEvent event, PolicyConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Cannot start: " + String.join("; ", problems));
        }
    }

    /** Every setting that cannot work, as {@code key is 'value': what it takes}; empty when all can. */
    public static List<String> problems(PolicyConfig config) {
        List<String> problems = new ArrayList<>();
        PolicyConfig.Rules rules = config.rules();
        oneOf(problems, "policy.rules.source", rules.source(), RULE_SOURCES);
        notNegative(problems, "policy.rules.quiet-period", rules.quietPeriod());
        positive(problems, "policy.rules.sandbox.scenario-budget", rules.sandbox().scenarioBudget());
        positive(problems, "policy.rules.sandbox.run-budget", rules.sandbox().runBudget());
        positive(problems, "policy.rules.sandbox.compile-budget", rules.sandbox().compileBudget());
        atLeast(problems, "policy.rules.sandbox.memory", rules.sandbox().memory(), 16);
        atLeastOne(problems, "policy.api.max-batch-items", config.api().maxBatchItems());
        atLeast(problems, "policy.api.max-body-size", config.api().maxBodySize(), 0);
        atLeast(problems, "policy.api.max-decompressed-size", config.api().maxDecompressedSize(), 0);
        atLeastOne(problems, "policy.db.max-pool-size", config.db().maxPoolSize());
        positive(problems, "policy.db.acquisition-timeout", config.db().acquisitionTimeout());
        atLeastOne(problems, "policy.audit.batch-size", config.audit().batchSize());
        notNegative(problems, "policy.audit.max-wait", config.audit().maxWait());
        atLeastOne(problems, "policy.audit.queue-capacity", config.audit().queueCapacity());
        positive(problems, "policy.audit.commit-timeout", config.audit().commitTimeout());
        oneOf(problems, "policy.security.when-no-users", config.security().whenNoUsers(), WHEN_NO_USERS);
        notNegative(problems, "policy.security.credential-cache-ttl", config.security().credentialCacheTtl());
        positive(problems, "policy.security.users-file-check-interval", config.security().usersFileCheckInterval());
        atLeastOne(problems, "policy.backtest.threads", config.backtest().threads());
        if (config.governance().requiredApprovals() < 0) {
            problems.add("policy.governance.required-approvals is " + config.governance().requiredApprovals()
                    + ": it takes 0 (no approvals), 1 (four eyes), 2 (six eyes) or more");
        }
        positive(problems, "policy.governance.schedule-check", config.governance().scheduleCheck());
        positive(problems, "policy.cluster.poll-interval", config.cluster().pollInterval());
        positive(problems, "policy.cluster.stale-after", config.cluster().staleAfter());
        positive(problems, "policy.controls.poll-interval", config.controls().pollInterval());
        positive(problems, "policy.evaluation.time-budget", config.evaluation().timeBudget());
        atLeastOne(problems, "policy.evaluation.max-firings", config.evaluation().maxFirings());
        if (config.evaluation().threads() < 0) {
            problems.add("policy.evaluation.threads is " + config.evaluation().threads()
                    + ": it takes 0 (one per core) or a number of threads");
        }
        atLeastOne(problems, "policy.evaluation.queue-capacity", config.evaluation().queueCapacity());
        return problems;
    }

    private static void oneOf(List<String> problems, String key, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            problems.add(key + " is '" + value + "': it takes " + String.join(", ", allowed.stream().sorted().toList()));
        }
    }

    private static void atLeastOne(List<String> problems, String key, int value) {
        if (value < 1) {
            problems.add(key + " is " + value + ": it takes a whole number of at least 1");
        }
    }

    private static void positive(List<String> problems, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(key + " is " + value + ": it takes a duration above 0 (for example 500ms or 2s)");
        }
    }

    private static void notNegative(List<String> problems, String key, Duration value) {
        if (value.isNegative()) {
            problems.add(key + " is " + value + ": it takes a duration of 0 or more (for example 0ms or 300ms)");
        }
    }

    /** A size of more than {@code minMiB} MiB (0: more than nothing). */
    private static void atLeast(List<String> problems, String key, MemorySize value, long minMiB) {
        long bytes = value.asLongValue();
        if (minMiB == 0 ? bytes <= 0 : bytes < minMiB * 1024 * 1024) {
            problems.add(key + " is " + bytes + " bytes: it takes a size "
                    + (minMiB == 0 ? "above 0 (for example 8M)" : "of at least " + minMiB + "M"));
        }
    }
}
