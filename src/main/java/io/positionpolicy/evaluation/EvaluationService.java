package io.positionpolicy.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.positionpolicy.config.PolicyConfig;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSetHolder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Evaluates request bodies against the active rule set, one request or a batch of independent items, and answers only
 * once every evaluation that reached the engine is durably journaled. Evaluations run on a pool sized to the cores
 * (not on the HTTP event loop, which a slow rule set would stall); the answer is completed by the journal's commit,
 * so no thread is parked per request while its record waits for the group commit.
 */
@ApplicationScoped
public class EvaluationService {
    private static final Logger LOG = Logger.getLogger(EvaluationService.class);

    private final RuleSetHolder holder;
    private final DecisionJournal journal;
    private final int maxBatchItems;
    private final Duration commitTimeout;
    private final MeterRegistry meters;
    private final Map<String, Counter> firings = new ConcurrentHashMap<>();
    private final TradingStateSource tradingStates;
    private final ThreadPoolExecutor evaluators;
    private final int evaluatorQueue;

    /** Everything ACTIVE: for tests that need no trading controls. */
    public EvaluationService(RuleSetHolder holder, DecisionJournal journal, PolicyConfig config,
            MeterRegistry meters) {
        this(holder, journal, config, meters, TradingStateSource.NONE);
    }

    @Inject
    public EvaluationService(RuleSetHolder holder, DecisionJournal journal, PolicyConfig config,
            MeterRegistry meters, TradingStateSource tradingStates) {
        this.holder = holder;
        this.tradingStates = tradingStates;
        this.journal = journal;
        this.meters = meters;
        this.maxBatchItems = config.api().maxBatchItems();
        this.commitTimeout = config.audit().commitTimeout();
        int threads = config.evaluation().threads() > 0 ? config.evaluation().threads()
                : Runtime.getRuntime().availableProcessors();
        this.evaluatorQueue = config.evaluation().queueCapacity();
        this.evaluators = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(evaluatorQueue), new EvaluatorThreads());
    }

    /** Daemon threads named for thread dumps and profiles. */
    private static final class EvaluatorThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable work) {
            Thread thread = new Thread(work, "evaluator-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }

    /** The decision as JSON; throws for an invalid request, a failed evaluation or an unavailable journal. */
    public byte[] evaluate(byte[] body, String principal) {
        return join(evaluateAsync(body, principal));
    }

    /**
     * The decision as JSON, completed by the audit writer once its record is committed: no thread waits for the
     * commit. Fails with the exception the answer is made of (invalid request, failed evaluation, unavailable
     * journal, overload), never wrapped.
     */
    public CompletableFuture<byte[]> evaluateAsync(byte[] body, String principal) {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        submit(answer, () -> {
            String json = RequestParser.text(body);
            Outcome outcome = run(active(), RequestParser.parse(json), json, principal);
            whenDurable(List.of(outcome.journaled()), answer, () -> {
                if (outcome.failure() != null) {
                    throw new EvaluationFailedException(outcome.failure(), outcome.json(), 422);
                }
                return outcome.json();
            });
        });
        return answer;
    }

    /**
     * {@code {"results": [...]}} in item order, every item evaluated on the same rule set; a bad item is a problem
     * in its slot. The batch is answered once all its records are committed.
     */
    public byte[] evaluateBatch(byte[] body, String principal) {
        return join(evaluateBatchAsync(body, principal));
    }

    /** {@link #evaluateBatch} completed by the audit writer, as {@link #evaluateAsync}. */
    public CompletableFuture<byte[]> evaluateBatchAsync(byte[] body, String principal) {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        submit(answer, () -> {
            JsonNode items = batchItems(RequestParser.tree(body));
            RuleSet ruleSet = active();
            List<byte[]> results = new ArrayList<>(items.size());
            List<CompletableFuture<Void>> pending = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                try {
                    Outcome outcome = run(ruleSet, RequestParser.parse(item), item.toString(), principal);
                    pending.add(outcome.journaled());
                    results.add(outcome.failure() == null ? outcome.json()
                            : ResponseJson.write(problemOf(outcome).at(i)));
                } catch (InvalidRequestException e) {
                    String prefix = "$.items[" + i + "]";
                    results.add(ResponseJson.write(Problem.invalid(e.errors().stream()
                            .map(error -> new FieldError(prefix + error.field().substring(1), error.reason()))
                            .toList(), i)));
                }
            }
            whenDurable(pending, answer, () -> join(results));
        });
        return answer;
    }

    /** Runs {@code work} on an evaluation thread; its failure, or a full queue, fails {@code answer}. */
    private void submit(CompletableFuture<byte[]> answer, Runnable work) {
        try {
            evaluators.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException | Error e) {
                    answer.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            answer.completeExceptionally(new EvaluationsOverloadedException(evaluatorQueue));
        }
    }

    /** Completes {@code answer} with {@code result} once every record is committed, or fails it as the journal did. */
    private void whenDurable(List<CompletableFuture<Void>> pending, CompletableFuture<byte[]> answer,
            Supplier<byte[]> result) {
        CompletableFuture<Void> all = pending.size() == 1 ? pending.get(0)
                : CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
        all.orTimeout(commitTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ignored, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                answer.completeExceptionally(new AuditUnavailableException(
                        "the audit record was not committed within " + commitTimeout, cause));
            } else if (cause != null) {
                answer.completeExceptionally(new AuditUnavailableException("the audit record could not be stored",
                        cause));
            } else {
                try {
                    answer.complete(result.get());
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            }
        });
    }

    /** Waits for an answer on the caller's thread (tests, in-process callers), rethrowing its own exception. */
    private static byte[] join(CompletableFuture<byte[]> answer) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while waiting for the audit record", e);
        }
    }

    @PreDestroy
    void stop() {
        evaluators.shutdown();
    }

    private record Outcome(byte[] json, CompletableFuture<Void> journaled, String failure, boolean overBudget) {
    }

    private Outcome run(RuleSet ruleSet, EvaluationRequest request, String requestJson, String principal) {
        UUID id = EvaluationIds.next();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long started = System.nanoTime();
        try {
            Decision decision = Evaluator.evaluate(ruleSet, request, id, at, tradingStates);
            countFirings(decision);
            byte[] json = ResponseJson.write(decision);
            EvaluationRecord record = record(id, at, principal, request, ruleSet, started, requestJson, json,
                    decision);
            return new Outcome(json, journal.append(record), null, false);
        } catch (RuleEngineException e) {
            String detail = e.getMessage() + " (evaluation " + id + ")";
            byte[] json = ResponseJson.write(problemOf(e, detail));
            countFailure(e);
            EvaluationRecord record = record(id, at, principal, request, ruleSet, started, requestJson, json, null);
            return new Outcome(json, journal.append(record), detail, e.overBudget());
        }
    }

    /** A failed evaluation's problem: 422, naming the rule and file in the detail; never a 500. */
    static Problem problemOf(RuleEngineException e, String detail) {
        return e.overBudget()
                ? Problem.of("evaluation-over-budget", "Evaluation stopped at its limit", 422, detail)
                : Problem.of("evaluation-failed", "Evaluation failed", 422, detail);
    }

    private void countFailure(RuleEngineException e) {
        String reason = e.overBudget() ? "over-budget" : "rule-error";
        if (e.overBudget()) {
            LOG.warnf("Evaluation stopped at its limit %s: %s", e.rule() == null ? "before any rule fired"
                    : "in rule \"" + e.rule() + "\" (" + e.file() + ")", e.getMessage());
        } else {
            LOG.errorf(e, "Evaluation failed in the rule engine: %s", e.getMessage());
        }
        meters.counter("policy.evaluation.failures", "reason", reason, "rule", String.valueOf(e.rule()), "file",
                String.valueOf(e.file())).increment();
    }

    private void countFirings(Decision decision) {
        for (Decision.FiredRule rule : decision.firedRules()) {
            firings.computeIfAbsent(rule.file() + "\u0000" + rule.name(), key -> Counter
                    .builder("policy.rule.firings").tag("rule", rule.name()).tag("file", rule.file())
                    .description("Times a rule fired").register(meters)).increment();
        }
    }

    private static EvaluationRecord record(UUID id, Instant at, String principal, EvaluationRequest request,
            RuleSet ruleSet, long started, String requestJson, byte[] json, Decision decision) {
        long micros = (System.nanoTime() - started) / 1_000;
        return new EvaluationRecord(id, at, principal, request.requestId(),
                request.account() == null ? null : request.account().id(),
                request.position() == null ? null : request.position().id(),
                request.instrument() == null ? null : request.instrument().symbol(),
                request.intent() == null || request.intent().type() == null ? null : request.intent().type().name(),
                decision == null ? null : decision.verdict().name(),
                ruleSet.version(), micros, requestJson, new String(json, StandardCharsets.UTF_8),
                decision == null ? List.of() : decision.firedRules(),
                decision == null ? List.of() : decision.violations().stream().map(Decision.Violation::code).toList());
    }

    private Problem problemOf(Outcome outcome) {
        return outcome.overBudget()
                ? Problem.of("evaluation-over-budget", "Evaluation stopped at its limit", 422, outcome.failure())
                : Problem.of("evaluation-failed", "Evaluation failed", 422, outcome.failure());
    }

    private static byte[] join(List<byte[]> results) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(results.size() * 1024 + 16);
        out.writeBytes("{\"results\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < results.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(results.get(i));
        }
        out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private JsonNode batchItems(JsonNode root) {
        if (!root.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError("$", "must be an object: {\"items\": [...]}")));
        }
        Iterator<String> names = root.fieldNames();
        List<FieldError> errors = new ArrayList<>();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("items")) {
                errors.add(new FieldError("$." + name, "unknown field '" + name + "'"));
            }
        }
        JsonNode items = root.get("items");
        if (items == null || !items.isArray()) {
            errors.add(new FieldError("$.items", "is required: an array of evaluation requests"));
        } else if (items.isEmpty()) {
            errors.add(new FieldError("$.items", "must hold at least one request"));
        } else if (items.size() > maxBatchItems) {
            errors.add(new FieldError("$.items", "holds " + items.size() + " requests; the limit is " + maxBatchItems));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return items;
    }

    private RuleSet active() {
        return holder.current().orElseThrow(RuleSetUnavailableException::new);
    }
}
