package io.positionpolicy.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.config.PolicyConfig;
import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.rules.RuleSet;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Backtest jobs, run off the request threads on a pool of their own (several at once), each cancellable, kept in
 * memory with the most recent {@link #KEPT} finished ones. The pool stops with the application.
 */
@ApplicationScoped
public class BacktestJobs implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BacktestJobs.class);
    static final int KEPT = 50;
    private static final long SYNC_NANOS = 1_000_000_000L;
    /** A backtest request's fields besides its settings. */
    private static final List<String> REQUEST_FIELDS = List.of("file", "files", "replace", "rulesetVersion");

    /** QUEUED, RUNNING, DONE, FAILED or CANCELLED; {@code progress} is the share of the candles read (0 to 1). */
    public static final class Job {
        final String id = UUID.randomUUID().toString();
        final String source;
        final String principal;
        final RuleSetRun ruleSet;
        final Instant createdAt = Instant.now();
        volatile String status = "QUEUED";
        volatile double progress;
        volatile boolean cancelRequested;
        volatile BacktestResult result;
        volatile String error;
        volatile Instant finishedAt;
        volatile Future<?> future;

        Job(String source, String principal, RuleSetRun ruleSet) {
            this.source = source;
            this.principal = principal;
            this.ruleSet = ruleSet;
        }

        public String id() {
            return id;
        }

        public View view() {
            return new View(id, source, principal, ruleSet, status, progress, createdAt, finishedAt, error, result);
        }
    }

    /**
     * Which rule set a backtest runs: {@code kind} is {@code active} (the live one when it started), {@code archived}
     * (an earlier version asked for by {@code rulesetVersion}) or {@code candidate} (files never live), and its version.
     */
    public record RuleSetRun(String kind, String version) {
    }

    /** What the API shows of a job. */
    public record View(String id, String source, String principal, RuleSetRun ruleSet, String status, double progress,
            Instant createdAt, Instant finishedAt, String error, BacktestResult result) {
    }

    private final ExecutorService pool;
    /** Set when the service stops: a job that ends after it may find the store closed. */
    private volatile boolean closing;
    private final CandleLibrary candles;
    private final CandidateRuleSets candidates;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final JobLedger ledger;
    /** How long a finished job is kept in the store; zero or less: for ever. */
    private final Duration keepFor;

    /** For CDI's proxy only. */
    protected BacktestJobs() {
        this.pool = null;
        this.candles = null;
        this.candidates = null;
        this.ledger = null;
        this.keepFor = null;
    }

    @Inject
    public BacktestJobs(PolicyConfig config, CandleLibrary candles, CandidateRuleSets candidates, JobLedger ledger) {
        this(config.backtest().threads(), candles, candidates, ledger, config.backtest().keepFor());
    }

    BacktestJobs(int threads, CandleLibrary candles, CandidateRuleSets candidates) {
        this(threads, candles, candidates, JobLedger.NONE, Duration.ZERO);
    }

    BacktestJobs(int threads, CandleLibrary candles, CandidateRuleSets candidates, JobLedger ledger,
            Duration keepFor) {
        this.ledger = ledger;
        this.keepFor = keepFor;
        this.candles = candles;
        this.candidates = candidates;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "backtest-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
    }

    /**
     * Queues the backtest a request body describes: {@code file}, the settings, and the rule set ({@code files},
     * {@code rulesetVersion} or the active one); every bad field is reported before anything runs.
     */
    public Job start(JsonNode body, String principal) {
        String name = body.path("file").isTextual() ? body.get("file").asText() : null;
        List<FieldError> errors = new ArrayList<>();
        Path file = null;
        try {
            file = candles.resolve(name);
        } catch (InvalidRequestException e) {
            errors.addAll(e.errors());
        }
        BacktestSettings settings = SettingsReader.read(body, REQUEST_FIELDS, errors);
        JsonNode version = body.get("rulesetVersion");
        if (version != null && !version.isNull() && !version.isTextual()) {
            errors.add(new FieldError("$.rulesetVersion", "must be a string: a version of the rule-set history"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        RuleSet ruleSet = candidates.chosenBy(body);
        String kind = body.has("files") ? "candidate" : body.hasNonNull("rulesetVersion") ? "archived" : "active";
        return start(file, name, ruleSet, kind, settings, principal);
    }

    /** Queues a backtest of {@code file} under {@code ruleSet} (of the {@code kind} above); returns the job at once. */
    public synchronized Job start(Path file, String source, RuleSet ruleSet, String kind, BacktestSettings settings,
            String principal) {
        Job job = new Job(source, principal, new RuleSetRun(kind, ruleSet.version()));
        jobs.put(job.id, job);
        forgetOldest();
        ledger.save(job.view());
        job.future = pool.submit(() -> run(job, file, ruleSet, settings));
        return job;
    }

    private void run(Job job, Path file, RuleSet ruleSet, BacktestSettings settings) {
        if (job.cancelRequested) {
            finish(job, "CANCELLED", null);
            return;
        }
        job.status = "RUNNING";
        ledger.save(job.view());
        long[] synced = {System.nanoTime()};
        try (CandleFile candles = CandleFile.open(file)) {
            job.result = new Backtester(ruleSet, settings).run(candles, job.source, p -> {
                job.progress = p;
                if (ledger.shared() && System.nanoTime() - synced[0] > SYNC_NANOS) { // progress for other replicas
                    synced[0] = System.nanoTime();
                    ledger.save(job.view());
                    job.cancelRequested |= ledger.cancelRequested(job.id);
                }
            }, () -> job.cancelRequested || Thread.currentThread().isInterrupted(), null);
            finish(job, "DONE", null);
        } catch (CancellationException e) {
            finish(job, "CANCELLED", null);
        } catch (CandleFile.CandleFileException e) {
            finish(job, "FAILED", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Backtest " + job.id + " failed", e);
            finish(job, "FAILED", "the backtest failed: " + e.getMessage());
        }
    }

    private void finish(Job job, String status, String error) {
        job.error = error;
        job.finishedAt = Instant.now();
        job.status = status;
        try {
            ledger.save(job.view());
            forgetExpired(job.finishedAt);
        } catch (RuntimeException e) {
            if (closing || jvmStopping()) { // the store closed under it: expected, and the next start says so
                LOG.infof("Backtest %s ended (%s) as the service stopped and was not stored; the next start marks "
                        + "it failed (interrupted)", job.id, status);
            } else {
                LOG.errorf("Backtest %s (%s) could not be stored: %s", job.id, status, e.getMessage());
            }
        }
    }

    /**
     * Each finished job makes the store forget the finished jobs older than {@code keepFor}: a backtest's result of
     * years of candles is megabytes, and without a limit the store only grows.
     */
    private void forgetExpired(Instant now) {
        if (!keepFor.isZero() && !keepFor.isNegative()) {
            int forgotten = ledger.forgetFinishedBefore(now.minus(keepFor));
            if (forgotten > 0) {
                LOG.infof("Forgot %d finished backtests started more than %s ago (policy.backtest.keep-for)",
                        forgotten, keepFor);
            }
        }
    }

    /**
     * Whether the JVM is shutting down: the embedded store closes itself in its own shutdown hook, which may come
     * before this bean is closed, so a job that ends then finds it closed. A hook cannot be added once shutdown began.
     */
    private static boolean jvmStopping() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    public synchronized Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** A job of this replica, or one another replica of the cluster runs or ran. */
    public Optional<View> view(String id) {
        Optional<Job> local = find(id);
        return local.isPresent() ? local.map(Job::view) : ledger.find(id);
    }

    /** Stops the job: a queued one at once (it never starts), a running one within a few thousand candles. */
    public Optional<View> cancel(String id) {
        Optional<Job> job = find(id);
        if (job.isPresent()) {
            job.get().cancelRequested = true;
            ledger.requestCancel(id);
            Future<?> queued = job.get().future;
            if (queued != null && queued.cancel(false)) { // it never started, and now never will: cancelled at once
                finish(job.get(), "CANCELLED", null);
            }
            return job.map(Job::view);
        }
        return ledger.requestCancel(id) ? ledger.find(id) : Optional.empty();
    }

    public synchronized List<View> list() {
        if (ledger.shared()) { // the newest KEPT, oldest first like the jobs of this process
            List<View> newestFirst = new ArrayList<>(ledger.list(KEPT));
            java.util.Collections.reverse(newestFirst);
            return newestFirst;
        }
        return jobs.values().stream().map(j -> new View(j.id, j.source, j.principal, j.ruleSet, j.status, j.progress,
                j.createdAt, j.finishedAt, j.error, null)).toList();
    }

    private void forgetOldest() {
        Iterator<Job> it = jobs.values().iterator();
        while (jobs.size() > KEPT && it.hasNext()) {
            Job oldest = it.next();
            if (oldest.finishedAt != null) {
                it.remove();
            }
        }
    }

    @Override
    @PreDestroy
    public void close() {
        closing = true;
        pool.shutdownNow();
    }
}
