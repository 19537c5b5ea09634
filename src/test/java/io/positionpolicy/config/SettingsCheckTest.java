package io.positionpolicy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A setting that cannot work stops the start with its key named, instead of starting and misbehaving later. */
class SettingsCheckTest {

    private static List<String> problems(Map<String, String> settings) {
        PolicyConfig config = new SmallRyeConfigBuilder()
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(PolicyConfig.class)
                .withSources(new PropertiesConfigSource(settings, "test", 500))
                .build().getConfigMapping(PolicyConfig.class);
        return SettingsCheck.problems(config);
    }

    @Test
    void theDefaultsAndTheReadmesExamplesPass() {
        assertEquals(List.of(), problems(Map.of()));
        assertEquals(List.of(), problems(Map.of("policy.audit.max-wait", "0ms", "policy.evaluation.threads", "0",
                "policy.governance.required-approvals", "2", "policy.rules.source", "database",
                "policy.security.when-no-users", "refuse", "policy.rules.quiet-period", "0ms")));
    }

    @Test
    void eachBadSettingIsNamedWithWhatItTakes() {
        List<String> problems = problems(Map.ofEntries(
                Map.entry("policy.security.when-no-users", "never"),
                Map.entry("policy.evaluation.queue-capacity", "0"),
                Map.entry("policy.evaluation.threads", "-1"),
                Map.entry("policy.audit.queue-capacity", "0"),
                Map.entry("policy.audit.batch-size", "0"),
                Map.entry("policy.api.max-batch-items", "0"),
                Map.entry("policy.backtest.threads", "0"),
                Map.entry("policy.governance.required-approvals", "-1"),
                Map.entry("policy.controls.poll-interval", "0s"),
                Map.entry("policy.audit.commit-timeout", "0s"),
                Map.entry("policy.audit.max-wait", "-1ms"),
                Map.entry("policy.rules.sandbox.memory", "1K"),
                Map.entry("policy.db.max-pool-size", "0")));
        assertEquals(13, problems.size(), String.join("\n", problems));
        assertTrue(problems.contains("policy.security.when-no-users is 'never': it takes auto, generate-admin, refuse"),
                String.join("\n", problems));
        assertTrue(problems.contains("policy.evaluation.queue-capacity is 0: it takes a whole number of at least 1"),
                String.join("\n", problems));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("policy.controls.poll-interval is PT0S: ")),
                String.join("\n", problems));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("policy.rules.sandbox.memory is 1024 bytes: ")),
                String.join("\n", problems));
    }
}
