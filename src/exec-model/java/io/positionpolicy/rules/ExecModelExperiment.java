package io.positionpolicy.rules;

import io.positionpolicy.evaluation.Evaluator;
import io.positionpolicy.evaluation.RequestParser;
import io.positionpolicy.evaluation.ResponseJson;
import io.positionpolicy.evaluation.scenario.Scenario;
import io.positionpolicy.evaluation.scenario.ScenarioFiles;
import io.positionpolicy.model.EvaluationRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.model.KieModuleModel;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;
import org.kie.internal.builder.conf.PropertySpecificOption;

/**
 * Experiment (not a test): the shipped rules compiled at run time with Drools' executable model (drools-model-codegen,
 * {@code KieBuilder.buildAll(ExecutableModelProject.class)}) against the classic {@link RuleCompiler}: compile time,
 * one-thread throughput through {@link Evaluator}, identical decisions, retained heap.
 *
 * <pre>
 * ./mvnw -B -q -Pexec-model test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
 * java -cp target/classes:target/test-classes:$(cat target/bench.classpath) \
 *   -Djava.util.logging.manager=org.jboss.logmanager.LogManager io.positionpolicy.rules.ExecModelExperiment [mode]
 * mode: cold-classic | cold-exec | all (default)
 * </pre>
 */
public final class ExecModelExperiment {
    private static final String PREFIX = "src/main/resources/";
    private static final AtomicInteger BUILDS = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        QuietLogging.apply();
        String mode = args.length > 0 ? args[0] : "all";
        double roundSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        Path rules = Path.of("rules");
        SortedMap<String, String> files = RuleSources.readDrl(rules);
        switch (mode) {
            case "cold-classic" -> {
                long t = System.nanoTime();
                RuleSet rs = classic(files);
                System.out.printf("COLD classic %d ms (rules %d)%n", (System.nanoTime() - t) / 1_000_000, rs.ruleFiles().size());
            }
            case "cold-exec" -> {
                long t = System.nanoTime();
                RuleSet rs = exec(files);
                System.out.printf("COLD exec %d ms (rules %d)%n", (System.nanoTime() - t) / 1_000_000, rs.ruleFiles().size());
            }
            default -> all(files, rules, roundSeconds, rounds);
        }
    }

    private static void all(SortedMap<String, String> files, Path rules, double roundSeconds, int rounds) {
        // 1. compile time, alternating, after the first (cold) pair
        int compileRounds = Integer.getInteger("compileRounds", 10);
        for (int i = 0; i < compileRounds; i++) {
            long t = System.nanoTime();
            RuleSet c = classic(files);
            long classicMs = (System.nanoTime() - t) / 1_000_000;
            t = System.nanoTime();
            RuleSet e = exec(files);
            long execMs = (System.nanoTime() - t) / 1_000_000;
            System.out.printf("compile round %d: classic %d ms, exec %d ms (rules %d / %d)%n", i, classicMs, execMs,
                    c.ruleFiles().size(), e.ruleFiles().size());
        }
        RuleSet classic = classic(files);
        RuleSet exec = exec(files);
        long noResource = exec.kieBase().getKiePackages().stream().flatMap(p -> p.getRules().stream())
                .filter(r -> !(r instanceof RuleImpl i && i.getResource() != null)).count();
        System.out.println("exec-model rules without a resource (file taken from the parsed DRL): " + noResource);
        if (!classic.ruleFiles().equals(exec.ruleFiles())) {
            System.out.println("RULE FILES DIFFER: classic " + classic.ruleFiles() + "\nexec " + exec.ruleFiles());
        }

        // 3. identical decisions
        EvaluationRequest[] requests = ScenarioFiles.load(rules.resolve("tests")).stream()
                .filter(s -> !s.expect().has("invalid")).map(Scenario::given).map(RequestParser::parse)
                .toArray(EvaluationRequest[]::new);
        UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        int same = 0;
        int different = 0;
        for (EvaluationRequest request : requests) {
            String a = outcome(classic, request, id, at);
            String b = outcome(exec, request, id, at);
            if (a.equals(b)) {
                same++;
            } else {
                different++;
                try {
                    java.nio.file.Files.createDirectories(Path.of("target/exec-diffs"));
                    java.nio.file.Files.writeString(Path.of("target/exec-diffs/" + different + ".classic.json"), a);
                    java.nio.file.Files.writeString(Path.of("target/exec-diffs/" + different + ".exec.json"), b);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        System.out.printf("decisions: %d requests, %d identical, %d different%n", requests.length, same, different);
        if (rounds == 0) {
            return;
        }

        // 2. throughput, alternating rounds
        run(classic, requests, roundSeconds);
        run(exec, requests, roundSeconds);
        run(classic, requests, roundSeconds);
        run(exec, requests, roundSeconds);
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            double c = run(classic, requests, roundSeconds);
            double e = run(exec, requests, roundSeconds);
            pairs.add(new double[] {c, e});
            System.out.printf("throughput round %d: classic %.0f/s, exec %.0f/s, exec/classic %.3f%n", i, c, e, e / c);
        }
        double[] ratios = pairs.stream().mapToDouble(p -> p[1] / p[0]).sorted().toArray();
        System.out.printf("throughput exec/classic: median %.3f, min %.3f, max %.3f%n", ratios[ratios.length / 2],
                ratios[0], ratios[ratios.length - 1]);

        // 4. retained heap: used heap after GC with and without each rule set (4 pooled sessions, used once)
        classic = null;
        exec = null;
        long base = usedAfterGc();
        long metaBase = metaspace();
        RuleSet keep = classic(files);
        warm(keep, requests);
        long withClassic = usedAfterGc();
        long metaClassic = metaspace();
        keep = null;
        long base2 = usedAfterGc();
        long metaBase2 = metaspace();
        keep = exec(files);
        warm(keep, requests);
        long withExec = usedAfterGc();
        long metaExec = metaspace();
        System.out.printf("heap retained: classic %.1f MB, exec %.1f MB; metaspace growth classic %.1f MB, exec %.1f MB%n",
                (withClassic - base) / 1e6, (withExec - base2) / 1e6, (metaClassic - metaBase) / 1e6,
                (metaExec - metaBase2) / 1e6);
        System.out.println(keep.version().length() > 0 ? "done" : "");
    }

    private static void warm(RuleSet rs, EvaluationRequest[] requests) {
        for (EvaluationRequest r : requests) {
            Evaluator.evaluate(rs, r);
        }
    }

    private static String outcome(RuleSet rs, EvaluationRequest request, UUID id, Instant at) {
        try {
            return new String(ResponseJson.write(Evaluator.evaluate(rs, request, id, at)), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return "EXCEPTION " + e;
        }
    }

    private static double run(RuleSet rs, EvaluationRequest[] requests, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long n = 0;
        int next = 0;
        long sink = 0;
        long now;
        while ((now = System.nanoTime()) < end) {
            for (int k = 0; k < 16; k++) {
                sink += Evaluator.evaluate(rs, requests[next]).hashCode();
                next = next + 1 == requests.length ? 0 : next + 1;
                n++;
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        return n / ((now - start) / 1e9);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static long metaspace() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().contains("Metaspace") || pool.getName().contains("Class Space")) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    static RuleSet classic(SortedMap<String, String> files) {
        return new RuleCompiler(ExecModelExperiment.class.getClassLoader()).compile(files);
    }

    /** The same DRL text RuleCompiler compiles (decision tables turned into DRL, constant salience), as an executable model. */
    static RuleSet exec(SortedMap<String, String> drlFiles) {
        long started = System.nanoTime();
        // a fresh one per build, as RuleCompiler makes one per instance
        ClassLoader loader = new ResourceCachingClassLoader(ExecModelExperiment.class.getClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            KieServices ks = KieServices.get();
            KieFileSystem kfs = ks.newKieFileSystem();
            KieModuleModel module = ks.newKieModuleModel();
            module.setConfigurationProperty(PropertySpecificOption.PROPERTY_NAME, PropertySpecificOption.ALLOWED.name());
            module.newKieBaseModel("rules").setDefault(true).newKieSessionModel("session").setDefault(true);
            kfs.writeKModuleXML(module.toXML());
            ReleaseId releaseId = ks.newReleaseId("io.positionpolicy.experiment", "rules", "1.0." + BUILDS.incrementAndGet());
            kfs.generateAndWritePomXML(releaseId);
            Map<String, String> parsedFiles = new HashMap<>(); // the executable model's rules have no resource
            drlFiles.forEach((path, text) -> {
                String drl = DecisionTables.isTable(path) ? DecisionTables.toDrl(path, text) : text;
                drl = ConstantSalience.inline(drl);
                try {
                    PackageDescr descr = new DrlParser().parse(false, drl);
                    for (RuleDescr rule : descr.getRules()) {
                        parsedFiles.put(RuleSet.ruleKey(descr.getName(), rule.getName()), path);
                    }
                } catch (DroolsParserException e) {
                    throw new IllegalStateException(e);
                }
                String name = DecisionTables.isTable(path) ? path + ".drl" : path;
                kfs.write(PREFIX + name, drl);
            });
            KieBuilder builder = ks.newKieBuilder(kfs, loader).buildAll(ExecutableModelProject.class);
            List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
            if (!errors.isEmpty()) {
                throw new IllegalStateException("executable model does not compile: " + errors);
            }
            KieContainer container = ks.newKieContainer(releaseId, loader);
            KieBase kieBase = container.getKieBase();
            ks.getRepository().removeKieModule(releaseId); // keep only the KieBase, like RuleCompiler
            long millis = (System.nanoTime() - started) / 1_000_000;
            return new RuleSet(RuleSources.version(drlFiles), new TreeMap<>(drlFiles), kieBase,
                    kieBase.newKieSessionsPool(RuleCompiler.SESSION_POOL_SIZE), ruleFiles(kieBase, drlFiles, parsedFiles),
                    Instant.now(), millis);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** As {@link RuleCompiler#ruleFiles}, the KieFileSystem prefix (and a decision table's .drl suffix) taken off. */
    private static Map<String, String> ruleFiles(KieBase kieBase, SortedMap<String, String> drlFiles,
            Map<String, String> parsedFiles) {
        Map<String, String> files = new HashMap<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                String file = parsedFiles.getOrDefault(RuleSet.ruleKey(rule.getPackageName(), rule.getName()), "?");
                if (rule instanceof RuleImpl impl && impl.getResource() != null) {
                    String source = impl.getResource().getSourcePath();
                    if (source != null) {
                        file = source.startsWith(PREFIX) ? source.substring(PREFIX.length()) : source;
                        if (!drlFiles.containsKey(file) && file.endsWith(".drl")
                                && drlFiles.containsKey(file.substring(0, file.length() - 4))) {
                            file = file.substring(0, file.length() - 4);
                        }
                    }
                }
                files.put(RuleSet.ruleKey(rule.getPackageName(), rule.getName()), file);
            }
        }
        return Map.copyOf(files);
    }
}
