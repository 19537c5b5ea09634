package io.positionpolicy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.positionpolicy.config.PolicyConfig;
import io.positionpolicy.rules.RuleSetHolder;
import io.positionpolicy.rules.StandardRuleSet;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** No answer without a committed record: a failing or slow journal turns the answer into an error. */
class AuditedAnswerTest {
    private static final byte[] STEP_1 = read("examples/worked-example-step1.json");

    @Test
    void answersOnlyOnceTheRecordIsCommitted() {
        List<EvaluationRecord> journaled = new ArrayList<>();
        EvaluationService service = service(record -> {
            journaled.add(record);
            return CompletableFuture.completedFuture(null);
        }, Duration.ofSeconds(1));

        byte[] answer = service.evaluate(STEP_1, "alice");

        assertThat(journaled).hasSize(1);
        EvaluationRecord record = journaled.get(0);
        assertThat(record.principal()).isEqualTo("alice");
        assertThat(record.verdict()).isEqualTo("APPROVE");
        assertThat(record.responseJson()).isEqualTo(new String(answer));
        assertThat(record.violationCodes()).isEmpty();
        assertThat(record.firedRules()).isNotEmpty();
    }

    @Test
    void aFailedRecordMeansNoAnswer() {
        EvaluationService service = service(
                record -> CompletableFuture.failedFuture(new IllegalStateException("disk full")), Duration.ofSeconds(1));
        assertThatThrownBy(() -> service.evaluate(STEP_1, "alice"))
                .isInstanceOf(AuditUnavailableException.class).hasMessageContaining("could not be stored");
    }

    @Test
    void aSlowStoreMeansNoAnswer() {
        EvaluationService service = service(record -> new CompletableFuture<>(), Duration.ofMillis(200));
        assertThatThrownBy(() -> service.evaluate(STEP_1, "alice"))
                .isInstanceOf(AuditUnavailableException.class).hasMessageContaining("not committed within");
        assertThatThrownBy(() -> service.evaluateBatch(("{\"items\": [" + new String(STEP_1) + "]}").getBytes(),
                "alice")).isInstanceOf(AuditUnavailableException.class);
    }

    @Test
    void beyondTheQueueAnEvaluationIsRefusedAtOnce() throws Exception {
        java.util.concurrent.CountDownLatch appending = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        RuleSetHolder holder = new RuleSetHolder();
        holder.activate(StandardRuleSet.get());
        EvaluationService service = new EvaluationService(holder, record -> {
            appending.countDown();
            try {
                release.await(); // holds the only evaluation thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(null);
        }, config(Duration.ofSeconds(5), 1, 1), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());

        CompletableFuture<byte[]> running = service.evaluateAsync(STEP_1, "alice");
        appending.await();
        CompletableFuture<byte[]> queued = service.evaluateAsync(STEP_1, "alice");
        assertThatThrownBy(() -> service.evaluate(STEP_1, "alice"))
                .isInstanceOf(EvaluationsOverloadedException.class).hasMessageContaining("queue-capacity");
        release.countDown();
        assertThat(new String(running.get())).contains("\"verdict\":\"APPROVE\"");
        assertThat(new String(queued.get())).contains("\"verdict\":\"APPROVE\"");
    }

    @Test
    void anEngineFailureIsRecordedAndAnsweredAsAProblem() {
        java.util.SortedMap<String, String> files = new java.util.TreeMap<>(StandardRuleSet.get().files());
        files.put("broken/Throws.drl", """
                package broken;
                import io.positionpolicy.model.facts.Intent;
                rule "Always fails"
                when
                    Intent()
                then
                    throw new IllegalStateException("this rule always fails");
                end
                """);
        RuleSetHolder holder = new RuleSetHolder();
        holder.activate(new io.positionpolicy.rules.RuleCompiler(getClass().getClassLoader()).compile(files));
        List<EvaluationRecord> journaled = new ArrayList<>();
        EvaluationService service = new EvaluationService(holder, record -> {
            journaled.add(record);
            return CompletableFuture.completedFuture(null);
        }, config(Duration.ofSeconds(1)), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());

        assertThatThrownBy(() -> service.evaluate(STEP_1, "alice"))
                .isInstanceOfSatisfying(EvaluationFailedException.class, e -> assertThat(new String(e.problemJson()))
                        .contains("urn:position-policy:problem:evaluation-failed")
                        .contains("this rule always fails"));
        assertThat(journaled).hasSize(1);
        assertThat(journaled.get(0).verdict()).isNull();
        assertThat(journaled.get(0).responseJson()).contains("evaluation-failed");
    }

    private static EvaluationService service(DecisionJournal journal, Duration timeout) {
        RuleSetHolder holder = new RuleSetHolder();
        holder.activate(StandardRuleSet.get());
        return new EvaluationService(holder, journal, config(timeout),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /** A PolicyConfig with defaults and the given commit timeout. */
    static PolicyConfig config(Duration timeout) {
        return config(timeout, 0, 100);
    }

    static PolicyConfig config(Duration timeout, int threads, int queueCapacity) {
        PolicyConfig.Api api = (PolicyConfig.Api) Proxy.newProxyInstance(PolicyConfig.class.getClassLoader(),
                new Class<?>[] {PolicyConfig.Api.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "maxBatchItems" -> 1000;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        PolicyConfig.Audit audit = (PolicyConfig.Audit) Proxy.newProxyInstance(PolicyConfig.class.getClassLoader(),
                new Class<?>[] {PolicyConfig.Audit.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "commitTimeout" -> timeout;
                    case "instanceId" -> Optional.empty();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        PolicyConfig.Evaluation evaluation = (PolicyConfig.Evaluation) Proxy.newProxyInstance(
                PolicyConfig.class.getClassLoader(), new Class<?>[] {PolicyConfig.Evaluation.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "threads" -> threads;
                    case "queueCapacity" -> queueCapacity;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (PolicyConfig) Proxy.newProxyInstance(PolicyConfig.class.getClassLoader(),
                new Class<?>[] {PolicyConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "api" -> api;
                    case "evaluation" -> evaluation;
                    case "audit" -> audit;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static byte[] read(String path) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
