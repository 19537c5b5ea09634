package io.positionpolicy.rules;

import io.micrometer.core.instrument.MeterRegistry;
import io.positionpolicy.config.AfterStart;
import io.positionpolicy.config.PolicyConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Loads the rules directory at start-up (a rule set that does not compile or fails its scenarios stops the start with
 * every error), then keeps watching it and reloads after each change.
 */
@ApplicationScoped
public class RuleSetLoader {
    private static final Logger LOG = Logger.getLogger(RuleSetLoader.class);

    private final RuleSetReloader reloader;
    private final PolicyConfig.Rules config;
    /** Under governance (approvals required) the directory changes only through change sets: no watcher. */
    private final boolean governed;
    private RulesWatcher watcher;

    public RuleSetLoader(RuleSetHolder holder, Event<RuleSetActivated> activated, Event<ReloadReport> attempted,
            Instance<CandidateCheck> checks, MeterRegistry meters, PolicyConfig config,
            Instance<RuleFilesSource> sharedSources) {
        this.config = config.rules();
        this.governed = config.governance().requiredApprovals() > 0;
        RuleFilesSource source = switch (this.config.source()) {
            case "directory" -> RuleFilesSource.directory(Path.of(this.config.dir()));
            case "database" -> sharedSources.get(); // the cluster's store of rule-set versions
            default -> throw new IllegalStateException("Cannot start: policy.rules.source is '" + this.config.source()
                    + "'; use directory or database");
        };
        this.reloader = new RuleSetReloader(source, holder,
                new RuleCompiler(RuleSetLoader.class.getClassLoader()), checks.stream().toList(), activated::fire,
                attempted::fire, meters);
    }

    void onStart(@Observes StartupEvent event) {
        ReloadReport report = reloader.reload("startup", "system");
        if (!report.ok()) {
            throw new RuleCompilationException("Cannot start: the rule set in "
                    + reloader.source().describe() + " is not usable", report.problems());
        }
        AfterStart.run(this::warmUpCompiler);
        if (config.watch() && reloader.directory() != null && !governed) {
            try {
                watcher = new RulesWatcher(reloader.directory(), config.quietPeriod(),
                        () -> reloader.reload("file-change", "watcher"));
                LOG.infof("Watching %s for changes (quiet period %s)", reloader.directory().toAbsolutePath(),
                        config.quietPeriod());
            } catch (IOException e) {
                LOG.errorf("Cannot watch %s (%s); use POST /api/v1/rulesets/reload", reloader.directory(),
                        e.getMessage());
            }
        }
    }

    /**
     * Compiles the rules once more in the background and throws the result away: the first reload after start-up
     * then runs on a warmed-up compiler (about 0.4 s instead of 2 s for the standard rule set). It starts once the
     * service has started, so as not to slow the start down.
     */
    private void warmUpCompiler() {
        Thread warmUp = new Thread(() -> {
            try {
                long started = System.nanoTime();
                reloader.warmUp();
                LOG.infof("Rules compiler warmed up in %d ms", (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException e) {
                LOG.debugf("Compiler warm-up failed: %s", e.getMessage());
            }
        }, "rules-compiler-warm-up");
        warmUp.setDaemon(true);
        warmUp.setPriority(Thread.MIN_PRIORITY);
        warmUp.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (watcher != null) {
            watcher.close();
        }
    }

    /** The reloader as a bean of its own: resources and services inject it, not the loader. */
    @Produces
    @Singleton
    public RuleSetReloader reloader() {
        return reloader;
    }
}
