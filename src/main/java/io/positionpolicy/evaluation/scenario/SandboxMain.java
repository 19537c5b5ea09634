package io.positionpolicy.evaluation.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.positionpolicy.evaluation.EvaluationLimits;
import io.positionpolicy.rules.RuleCompilationException;
import io.positionpolicy.rules.RuleCompiler;
import io.positionpolicy.rules.RuleProblem;
import io.positionpolicy.rules.RuleSet;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The worker JVM of the sandbox: reads one job per line on stdin (candidate DRL and scenario files), compiles the
 * candidate, runs its scenarios and answers on stdout, one line per step, so that the service knows at any moment
 * which scenario is running. Its own logging goes to stderr. It ends when stdin closes or the service goes away.
 */
public final class SandboxMain {
    /** Lines of the protocol start with this; anything else on stdout is ignored by the service. */
    static final String PREFIX = "@@sandbox ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err); // nothing but the protocol on stdout
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit()
                .thenRun(() -> Runtime.getRuntime().halt(0)));
        RuleCompiler compiler = new RuleCompiler(SandboxMain.class.getClassLoader());
        ScenarioGate gate = new ScenarioGate();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        send(protocol, JSON.createObjectNode().put("ready", true));
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.isBlank()) {
                run(JSON.readTree(line), compiler, gate, protocol);
            }
        }
    }

    private static void run(JsonNode job, RuleCompiler compiler, ScenarioGate gate, PrintStream protocol) {
        long id = job.path("id").asLong();
        ObjectNode done = JSON.createObjectNode().put("id", id).put("done", true);
        try {
            EvaluationLimits.configure(new EvaluationLimits(Duration.ofMillis(job.path("timeBudgetMillis").asLong()),
                    job.path("maxFirings").asInt()));
            send(protocol, JSON.createObjectNode().put("id", id).put("phase", "compile"));
            // the first job is the start-up check: the shipped rules load as the build compiled them; later jobs
            // (the warm-up among them, which must warm the compiler for fast reloads) compile
            RuleSet candidate = id == 1 ? compiler.compileOrLoad(files(job.path("drl")))
                    : compiler.compile(files(job.path("drl")));
            List<RuleProblem> problems = gate.check(candidate, files(job.path("scenarios")), started -> send(protocol,
                    JSON.createObjectNode().put("id", id).put("phase", "scenario").put("file", started.file())
                            .put("line", started.line()).put("index", started.index()).put("note", started.note())));
            done.set("problems", JSON.valueToTree(problems));
        } catch (RuleCompilationException e) {
            done.set("problems", JSON.valueToTree(e.problems()));
        } catch (RuntimeException | StackOverflowError e) {
            done.set("problems", JSON.valueToTree(List.of(new RuleProblem(RuleProblem.SCENARIO, "-", 0,
                    "the sandbox could not run the candidate: " + e))));
        }
        send(protocol, done);
    }

    private static SortedMap<String, String> files(JsonNode node) {
        SortedMap<String, String> files = new TreeMap<>();
        node.fields().forEachRemaining(field -> files.put(field.getKey(), field.getValue().asText()));
        return files;
    }

    private static void send(PrintStream protocol, JsonNode message) {
        synchronized (protocol) {
            protocol.println(PREFIX + message);
        }
    }
}
