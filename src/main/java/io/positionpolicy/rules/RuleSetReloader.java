package io.positionpolicy.rules;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Loads the rules directory all-or-nothing: check the DRL is safe, compile the whole tree, run every candidate check
 * (the scenarios), record
 * the activation, and only then swap the new rule set in. Any failure keeps the active rule set serving and is kept
 * as the last attempt, with file and line. One attempt at a time.
 */
public final class RuleSetReloader {
    private static final Logger LOG = Logger.getLogger(RuleSetReloader.class);
    /** Background compiles after start-up, so the first real reload does not run on a cold compiler. */
    private static final int WARM_UP_ROUNDS = 2;

    private final RuleFilesSource source;
    private final RuleSetHolder holder;
    private final RuleCompiler compiler;
    private final List<CandidateCheck> checks;
    private final Consumer<RuleSetActivated> onActivation;
    private final Consumer<ReloadReport> onAttempt;
    private final MeterRegistry meters;
    private final DrlSafetyCheck safety = new DrlSafetyCheck();
    private volatile ReloadReport lastAttempt;
    private volatile Instant activatedAt;

    /** Status of the rules: the active version, when it went live, and the last attempt to load rules. */
    public record Status(String activeVersion, Instant activatedAt, ReloadReport lastAttempt) {
    }

    public RuleSetReloader(Path directory, RuleSetHolder holder, RuleCompiler compiler, List<CandidateCheck> checks,
            Consumer<RuleSetActivated> onActivation, MeterRegistry meters) {
        this(directory, holder, compiler, checks, onActivation, report -> { }, meters);
    }

    /**
     * {@code onAttempt} sees every report, reloads and validations, to record who tried what; if it fails, a
     * validation fails with it, while a reload (which may already be live) only logs the error.
     */
    public RuleSetReloader(Path directory, RuleSetHolder holder, RuleCompiler compiler, List<CandidateCheck> checks,
            Consumer<RuleSetActivated> onActivation, Consumer<ReloadReport> onAttempt, MeterRegistry meters) {
        this(RuleFilesSource.directory(directory), holder, compiler, checks, onActivation, onAttempt, meters);
    }

    /** Reads its files from {@code source}: a directory, or the database a cluster shares. */
    public RuleSetReloader(RuleFilesSource source, RuleSetHolder holder, RuleCompiler compiler,
            List<CandidateCheck> checks, Consumer<RuleSetActivated> onActivation, Consumer<ReloadReport> onAttempt,
            MeterRegistry meters) {
        this.onAttempt = onAttempt;
        this.source = source;
        this.holder = holder;
        this.compiler = compiler;
        this.checks = List.copyOf(checks);
        this.onActivation = onActivation;
        this.meters = meters;
    }

    /** Rescans the directory; activates what it finds if it differs from the active rule set and passes. */
    public synchronized ReloadReport reload(String trigger, String principal) {
        Instant at = Instant.now();
        RuleFilesSource.RuleFiles files;
        try {
            files = source.read();
        } catch (RuleCompilationException e) {
            return finish(rejected(at, null, trigger, principal, e.problems()), true);
        } catch (UncheckedIOException e) {
            return finish(rejected(at, null, trigger, principal,
                    List.of(new RuleProblem("read", source.describe(), 0, e.getMessage()))), true);
        }
        return load(files, trigger, principal, at);
    }

    /** Activates {@code files} if they differ from the active rule set and pass. */
    private ReloadReport load(RuleFilesSource.RuleFiles files, String trigger, String principal, Instant at) {
        SortedMap<String, String> drl = files.drl();
        SortedMap<String, String> scenarios = files.scenarios();
        String version = RuleSources.version(drl);
        Optional<RuleSet> active = holder.current();
        if (active.isPresent() && active.get().version().equals(version)) {
            return finish(new ReloadReport("unchanged", version, trigger, principal, at, drl.size(), scenarios.size(),
                    0, 0, 0, List.of()), true);
        }
        return attempt(drl, scenarios, trigger, principal, true);
    }

    /**
     * Publishes {@code files} to the source (a cluster's database: its new active version, provided
     * {@code expectedBase} still is; see {@link RuleFilesSource#publish}) and loads them, with no other reload in
     * between; see {@link #exclusively}. It loads the files it published, not what the source holds a moment later:
     * if another replica publishes in between, this caller is not answered with that replica's version, and this
     * replica's poller loads it next as the cluster's.
     */
    public synchronized ReloadReport publishAndReload(RuleFilesSource.RuleFiles files, String expectedBase,
            String trigger, String principal) {
        Instant at = Instant.now();
        source.publish(files, expectedBase, trigger, principal);
        return load(files, trigger, principal, at);
    }

    /**
     * Runs {@code change}, a write to the rules' source and the reload that loads it, with no other reload in
     * between. Otherwise a cluster's poller or the directory's watcher could load the written rules first: the caller
     * who wrote them would be told "unchanged", and the activation would be recorded as the poller's.
     */
    public synchronized <T> T exclusively(Supplier<T> change) {
        return change.get();
    }

    /** The same checks as a reload, on files given rather than read; nothing is activated, the attempt is recorded. */
    public ReloadReport validate(SortedMap<String, String> drl, SortedMap<String, String> scenarios, String principal) {
        return attempt(drl, scenarios, "validate", principal, false);
    }

    /**
     * The check before a save of {@code file}: the directory as it would be with the edit ({@code drl},
     * {@code scenarios}) must load. A pass is not recorded (the reload after the write is); a failure is recorded as
     * a refused save of that file by that caller, with every problem, and reported as such.
     */
    public ReloadReport checkSave(String file, SortedMap<String, String> drl, SortedMap<String, String> scenarios,
            String principal) {
        ReloadReport report = check(drl, scenarios, "save", principal, false);
        if (report.ok()) {
            return report;
        }
        ReloadReport refused = report.refusedSave(file);
        onAttempt.accept(refused); // an unrecorded refusal fails the request, as an unrecorded validation does
        LOG.infof("Save of %s by %s refused: %d problem(s)", file, principal, refused.problems().size());
        return refused;
    }

    /**
     * Checks and compiles candidate rules for a backtest or an impact report: nothing is activated or recorded. The
     * directory's scenarios are run on them the way a reload runs them (in the sandbox), but only a run that overruns
     * its budget refuses them here: a candidate may well change what the scenarios pin. Unsafe, broken or runaway
     * rules throw with every problem.
     */
    public RuleSet compileCandidate(SortedMap<String, String> drl) {
        List<RuleProblem> unsafe = safety.check(drl);
        if (!unsafe.isEmpty()) {
            throw new RuleCompilationException("the candidate rules are not safe", unsafe);
        }
        SortedMap<String, String> scenarios = source.read().scenarios();
        List<CandidateCheck.Started> started = checks.stream().map(c -> c.start(drl, scenarios)).toList();
        RuleSet candidate = compiler.compile(drl);
        List<RuleProblem> overruns = started.stream().flatMap(s -> s.finish(candidate).stream())
                .filter(p -> p.kind().equals(RuleProblem.LIMIT)).toList();
        if (!overruns.isEmpty()) {
            throw new RuleCompilationException("the candidate rules did not finish their scenarios", overruns);
        }
        return candidate;
    }

    /** Checks, compiles and tests the directory's rules without activating them, to warm everything up. */
    public void warmUp() {
        RuleFilesSource.RuleFiles files = source.read();
        SortedMap<String, String> drl = files.drl();
        SortedMap<String, String> scenarios = files.scenarios();
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            safety.check(drl);
            List<CandidateCheck.Started> started = checks.stream().map(c -> c.start(drl, scenarios)).toList();
            RuleSet compiled = compiler.compile(drl);
            started.forEach(s -> s.finish(compiled));
        }
    }

    public Status status() {
        return new Status(holder.current().map(RuleSet::version).orElse(null), activatedAt, lastAttempt);
    }

    /** The rules directory; {@code null} when the rules do not come from a directory. */
    public Path directory() {
        return source.directory().orElse(null);
    }

    public RuleFilesSource source() {
        return source;
    }

    private ReloadReport attempt(SortedMap<String, String> drl, SortedMap<String, String> scenarios, String trigger,
            String principal, boolean activate) {
        return finish(check(drl, scenarios, trigger, principal, activate), activate);
    }

    /** Safety check, compile, scenarios and (when {@code activate}) activation; the report is not yet recorded. */
    private ReloadReport check(SortedMap<String, String> drl, SortedMap<String, String> scenarios, String trigger,
            String principal, boolean activate) {
        Instant at = Instant.now();
        long started = System.nanoTime();
        String version = drl.isEmpty() ? null : RuleSources.version(drl);
        // the shipped rules with the shipped scenarios were checked by the build that made this jar
        boolean checkedAtBuild = trigger.equals("startup") && PrecompiledRules.checkedAtBuild(drl, scenarios);
        if (checkedAtBuild) {
            LOG.infof("Rule set %s with these scenarios was checked by the build of this jar: not checked again",
                    version);
        }
        List<RuleProblem> unsafe = checkedAtBuild ? List.of() : safety.check(drl);
        // never run the scenarios, and so the rules, on code found unsafe; safe code starts its scenario run (in the
        // sandbox) now, so that it compiles there while it compiles here
        List<CandidateCheck.Started> running = unsafe.isEmpty() && !drl.isEmpty() && !checkedAtBuild
                ? checks.stream().map(c -> c.start(drl, scenarios)).toList() : List.of();
        RuleSet candidate;
        try {
            candidate = trigger.equals("startup")
                    ? EarlyCompile.take(drl, compiler.parent()).orElseGet(() -> compiler.compileOrLoad(drl))
                    : compiler.compile(drl);
        } catch (RuleCompilationException e) {
            List<RuleProblem> all = new ArrayList<>(e.problems());
            all.addAll(unsafe);
            return rejected(at, version, trigger, principal, all, drl.size(), scenarios.size(), millisSince(started));
        }
        long compiled = System.nanoTime();
        meters.timer("policy.rules.compile").record(compiled - started, TimeUnit.NANOSECONDS);
        List<RuleProblem> problems = new ArrayList<>(unsafe);
        for (CandidateCheck.Started check : running) {
            problems.addAll(check.finish(candidate));
        }
        long checked = System.nanoTime();
        if (problems.isEmpty() && activate) {
            try {
                onActivation.accept(new RuleSetActivated(candidate, trigger, principal, scenarios));
                holder.activate(candidate);
                activatedAt = Instant.now();
                registerActiveGauge(candidate.version());
            } catch (RuntimeException e) {
                problems.add(new RuleProblem(RuleProblem.ARCHIVE, "-", 0,
                        "the activation could not be recorded, so the rule set did not go live: " + e.getMessage()));
            }
        }
        String outcome = !problems.isEmpty() ? "rejected" : activate ? "activated" : "valid";
        return new ReloadReport(outcome, candidate.version(), trigger, principal, at, drl.size(),
                scenarios.size(), (compiled - started) / 1_000_000, (checked - compiled) / 1_000_000,
                millisSince(started), List.copyOf(problems));
    }

    private ReloadReport finish(ReloadReport report, boolean record) {
        try {
            onAttempt.accept(report);
        } catch (RuntimeException e) {
            if (!record) {
                throw e;
            }
            LOG.errorf("The %s by %s (%s) could not be recorded: %s", report.trigger(), report.principal(),
                    report.outcome(), e.getMessage());
        }
        if (record) {
            lastAttempt = report;
            meters.counter("policy.rules.reloads", "outcome", report.outcome()).increment();
            if (report.ok()) {
                LOG.infof("Rule set %s %s (%s by %s): %d files, %d scenario files, compiled in %d ms, checked in %d ms",
                        report.version(), report.outcome(), report.trigger(), report.principal(), report.files(),
                        report.scenarios(), report.compileMillis(), report.checkMillis());
            } else {
                LOG.errorf("Rule set from %s rejected (%s by %s); still serving %s:%s", source.describe(),
                        report.trigger(), report.principal(), holder.current().map(RuleSet::version).orElse("none"),
                        report.problems().stream().map(p -> "\n  " + p).reduce("", String::concat));
            }
        }
        return report;
    }

    private void registerActiveGauge(String version) {
        if (meters.find("policy.rules.active").tag("version", version).gauge() != null) {
            return; // a version that was active before: its gauge follows the holder already
        }
        Gauge.builder("policy.rules.active", holder,
                        h -> h.current().map(r -> r.version().equals(version) ? 1.0 : 0.0).orElse(0.0))
                .tag("version", version)
                .description("1 for the active rule-set version")
                .register(meters);
    }

    private static ReloadReport rejected(Instant at, String version, String trigger, String principal,
            List<RuleProblem> problems) {
        return rejected(at, version, trigger, principal, problems, 0, 0, 0);
    }

    private static ReloadReport rejected(Instant at, String version, String trigger, String principal,
            List<RuleProblem> problems, int files, int scenarios, long millis) {
        return new ReloadReport("rejected", version, trigger, principal, at, files, scenarios, millis, 0, millis,
                List.copyOf(problems));
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
