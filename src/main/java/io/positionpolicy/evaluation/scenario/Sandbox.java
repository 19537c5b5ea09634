package io.positionpolicy.evaluation.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.positionpolicy.evaluation.EvaluationLimits;
import io.positionpolicy.rules.RuleProblem;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Runs a candidate's compile and scenarios in a warm worker JVM ({@link SandboxWorker}) under a time budget per step
 * and the worker's heap as memory bound. A step that overruns, or a worker that dies (out of memory, say), is killed
 * at once and replaced by a fresh worker started in the background; the candidate is refused with a problem naming
 * the scenario that did not finish. One job at a time; callers queue.
 */
public final class Sandbox implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Sandbox.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_BUDGET = Duration.ofSeconds(60);

    private final Duration scenarioBudget;
    private final Duration compileBudget;
    private final Duration runBudget;
    private final long memoryBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong ids = new AtomicLong();
    private volatile SandboxWorker worker;
    private volatile long lastPid = -1;
    /** The last candidate that passed: a new worker runs it once, so the next real one meets a warm compiler. */
    private volatile List<SortedMap<String, String>> lastGood;
    private volatile boolean closed;

    /**
     * @param scenarioBudget time one scenario may take
     * @param compileBudget time the worker may take to compile the candidate
     * @param runBudget time all the scenarios of one candidate may take together
     * @param memoryBytes the worker's heap
     */
    public Sandbox(Duration scenarioBudget, Duration compileBudget, Duration runBudget, long memoryBytes) {
        this.scenarioBudget = scenarioBudget;
        this.compileBudget = compileBudget;
        this.runBudget = runBudget;
        this.memoryBytes = memoryBytes;
    }

    /** Starts the worker JVM now, so the first job finds it started. */
    public Sandbox prestart() {
        return prestart(false);
    }

    /** Starts the worker JVM in the background; with {@code warm}, runs the last good candidate in it once. */
    private Sandbox prestart(boolean warm) {
        Thread starter = new Thread(() -> {
            lock.lock();
            try {
                List<SortedMap<String, String>> good = lastGood;
                if (closed) {
                    return;
                }
                ensureWorker();
                if (warm && good != null) {
                    runLocked(good.get(0), good.get(1), false);
                }
            } catch (IOException e) {
                LOG.warnf("The sandbox worker could not be started: %s", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }, "sandbox-prestart");
        starter.setDaemon(true);
        starter.start();
        return this;
    }

    /** The process id of the current worker, or -1: for tests that check a killed worker is gone. */
    public long workerPid() {
        return lastPid;
    }

    /** Compiles the candidate and runs its scenarios in the worker: every problem, or none when it passes. */
    public List<RuleProblem> run(SortedMap<String, String> drl, SortedMap<String, String> scenarios) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the sandbox is closed");
            }
            return runLocked(drl, scenarios, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            replace(true);
            return List.of(new RuleProblem(RuleProblem.LIMIT, "-", 0, "interrupted while the candidate ran"));
        } finally {
            lock.unlock();
        }
    }

    private List<RuleProblem> runLocked(SortedMap<String, String> drl, SortedMap<String, String> scenarios,
            boolean replaceWarm) throws InterruptedException {
        try {
            ensureWorker();
            EvaluationLimits limits = EvaluationLimits.current();
            ObjectNode job = JSON.createObjectNode().put("id", ids.incrementAndGet())
                    .put("timeBudgetMillis", limits.timeBudget().toMillis()).put("maxFirings", limits.maxFirings());
            job.set("drl", JSON.valueToTree(drl));
            job.set("scenarios", JSON.valueToTree(scenarios));
            worker.send(JSON.writeValueAsString(job));
        } catch (IOException e) {
            String tail = worker == null ? "" : worker.logTail();
            replace(false);
            return List.of(new RuleProblem(RuleProblem.LIMIT, "-", 0, "the sandbox worker JVM could not be used ("
                    + e.getMessage() + (tail.isEmpty() ? "" : "; " + tail) + "), so the candidate was not run; set "
                    + "policy.rules.sandbox.enabled=false to run scenarios in the service instead"));
        }
        JsonNode step = JSON.createObjectNode().put("phase", "compile");
        long deadline = System.nanoTime() + compileBudget.toNanos();
        long runDeadline = Long.MAX_VALUE;
        boolean runOver = false;
        while (true) {
            String line = worker.next(deadline - System.nanoTime());
            if (line == null) {
                LOG.warnf("Sandbox worker %d overran its budget %s; killed", worker.pid(), describe(step));
                replace(replaceWarm);
                return List.of(overrun(step, runOver));
            }
            if (line.equals(SandboxWorker.END)) {
                int code = worker.exitCode();
                String tail = worker.logTail();
                LOG.warnf("Sandbox worker %d died (exit code %d) %s: %s", worker.pid(), code, describe(step), tail);
                replace(replaceWarm);
                return List.of(died(step, code));
            }
            JsonNode message = parse(line);
            if (message.path("done").asBoolean()) {
                List<RuleProblem> problems = problems(message.path("problems"));
                if (problems.isEmpty()) {
                    lastGood = List.of(drl, scenarios);
                }
                return problems;
            }
            if (!message.has("phase")) {
                continue;
            }
            step = message;
            long now = System.nanoTime();
            if (step.path("phase").asText().equals("scenario")) {
                runDeadline = runDeadline == Long.MAX_VALUE ? now + runBudget.toNanos() : runDeadline;
                runOver = runDeadline - now < scenarioBudget.toNanos();
                deadline = now + Math.min(scenarioBudget.toNanos(), runDeadline - now);
            } else {
                deadline = now + compileBudget.toNanos();
            }
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return JSON.createObjectNode(); // not a step: keeps the step and deadline as they are
        }
    }

    private RuleProblem overrun(JsonNode step, boolean runOver) {
        if (step.path("phase").asText().equals("scenario")) {
            String budget = runOver ? "the time budget of all the scenarios, " + millis(runBudget)
                    + " (policy.rules.sandbox.run-budget)" : "its time budget of " + millis(scenarioBudget)
                    + " (policy.rules.sandbox.scenario-budget)";
            return new RuleProblem(RuleProblem.LIMIT, step.path("file").asText(), step.path("line").asInt(),
                    "scenario " + (step.path("index").asInt() + 1) + " (" + step.path("note").asText()
                            + ") did not finish within " + budget + ": a rule probably runs without end on it; "
                            + "the run was stopped");
        }
        return new RuleProblem(RuleProblem.LIMIT, "-", 0, "the candidate did not compile within "
                + millis(compileBudget) + " (policy.rules.sandbox.compile-budget); the compile was stopped");
    }

    private RuleProblem died(JsonNode step, int code) {
        String why = code == 3 ? "ran out of its memory (" + (memoryBytes >> 20) + " MiB, policy.rules.sandbox.memory)"
                : "stopped (exit code " + code + ")";
        if (step.path("phase").asText().equals("scenario")) {
            return new RuleProblem(RuleProblem.LIMIT, step.path("file").asText(), step.path("line").asInt(),
                    "scenario " + (step.path("index").asInt() + 1) + " (" + step.path("note").asText()
                            + ") did not finish: the sandbox running it " + why);
        }
        return new RuleProblem(RuleProblem.LIMIT, "-", 0, "the candidate could not be compiled: the sandbox " + why);
    }

    private static List<RuleProblem> problems(JsonNode array) {
        List<RuleProblem> problems = new ArrayList<>();
        array.forEach(p -> problems.add(new RuleProblem(p.path("kind").asText(), p.path("file").asText(),
                p.path("line").asInt(), p.path("message").asText())));
        return problems;
    }

    private static String describe(JsonNode step) {
        return step.path("phase").asText().equals("scenario") ? "in scenario " + step.path("file").asText() + ":"
                + step.path("line").asInt() : "while compiling";
    }

    private static String millis(Duration budget) {
        return budget.toMillis() % 1000 == 0 ? budget.toSeconds() + " s" : budget.toMillis() + " ms";
    }

    private void ensureWorker() throws IOException {
        if (worker != null && worker.alive()) {
            return;
        }
        if (worker != null) {
            worker.close();
        }
        worker = SandboxWorker.start(memoryBytes);
        lastPid = worker.pid();
        try {
            String ready = worker.next(START_BUDGET.toNanos());
            if (ready == null || ready.equals(SandboxWorker.END)) {
                String tail = worker.logTail();
                worker.close();
                worker = null;
                throw new IOException("the worker JVM did not start: " + tail);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the worker JVM started", e);
        }
    }

    /**
     * Kills the current worker and starts the next one in the background, so the next job finds it ready; with
     * {@code warm} it also runs the last good candidate there once (not after a warm-up run failed, so a warm-up
     * can never restart workers in a loop).
     */
    private void replace(boolean warm) {
        if (worker != null) {
            worker.close();
            worker = null;
        }
        if (!closed) {
            prestart(warm);
        }
    }

    /** Kills the worker (a job running in it ends at once, refused) and starts no other. */
    @Override
    public void close() {
        closed = true;
        SandboxWorker running = worker;
        if (running != null) {
            running.close();
        }
        lock.lock();
        try {
            if (worker != null) {
                worker.close();
                worker = null;
            }
        } finally {
            lock.unlock();
        }
    }
}
