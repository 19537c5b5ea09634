package io.positionpolicy.evaluation.scenario;

import io.positionpolicy.config.AfterStart;
import io.positionpolicy.config.PolicyConfig;
import io.positionpolicy.rules.CandidateCheck;
import io.positionpolicy.rules.RuleProblem;
import io.positionpolicy.rules.RuleSet;
import io.quarkus.arc.Unremovable;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The scenario gate of the service: a candidate's scenarios run in the {@link Sandbox} worker JVM, started as soon as
 * the text is known so the worker compiles while the service compiles too. With
 * {@code policy.rules.sandbox.enabled=false} they run in the service, as {@link ScenarioGate} does.
 */
@ApplicationScoped
@Unremovable
public class SandboxedScenarioGate implements CandidateCheck {
    private final Sandbox sandbox;
    private final ScenarioGate inProcess = new ScenarioGate();

    @Inject
    public SandboxedScenarioGate(PolicyConfig config) {
        PolicyConfig.Sandbox settings = config.rules().sandbox();
        this.sandbox = settings.enabled() ? new Sandbox(settings.scenarioBudget(), settings.compileBudget(),
                settings.runBudget(), settings.memory().asLongValue()) : null;
        if (sandbox != null) {
            AfterStart.run(sandbox::prestart); // a job before that starts the worker itself
        }
    }

    /** For tests: a gate over a sandbox they own. */
    public SandboxedScenarioGate(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public List<RuleProblem> check(RuleSet candidate, SortedMap<String, String> scenarios) {
        return sandbox == null ? inProcess.check(candidate, scenarios) : sandbox.run(candidate.files(), scenarios);
    }

    @Override
    public Started start(SortedMap<String, String> drl, SortedMap<String, String> scenarios) {
        if (sandbox == null) {
            return candidate -> inProcess.check(candidate, scenarios);
        }
        if (scenarios.isEmpty()) {
            return candidate -> List.of(); // nothing to run: no need to compile it a second time
        }
        CompletableFuture<List<RuleProblem>> running = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                running.complete(sandbox.run(drl, scenarios));
            } catch (RuntimeException e) {
                running.completeExceptionally(e);
            }
        }, "sandbox-job");
        thread.setDaemon(true);
        thread.start();
        return candidate -> {
            try {
                return running.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the sandbox failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the sandbox", e);
            }
        };
    }

    /** The sandbox, or null when scenarios run in the service. */
    public Sandbox sandbox() {
        return sandbox;
    }

    @PreDestroy
    void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
