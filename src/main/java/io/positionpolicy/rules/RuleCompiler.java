package io.positionpolicy.rules;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.CompositeKnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderConfiguration;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.conf.PropertySpecificOption;

/** Compiles DRL text into a {@link RuleSet} at run time, all files together, reporting every error by file and line. */
public final class RuleCompiler {
    /** Sessions kept ready per rule set; the pool grows beyond this under load. */
    static final int SESSION_POOL_SIZE = 4;
    private final ClassLoader parent;
    private final ClassLoader classLoader;

    public RuleCompiler(ClassLoader classLoader) {
        this.parent = classLoader;
        this.classLoader = new ResourceCachingClassLoader(classLoader);
    }

    /** The class loader the rules' facts and helpers come from. */
    ClassLoader parent() {
        return parent;
    }

    /**
     * The rule set of these files: the build's precompiled one when they are the shipped rules it was made from
     * ({@link PrecompiledRules}), compiled otherwise. For start-up; reloads {@link #compile}.
     */
    public RuleSet compileOrLoad(SortedMap<String, String> drlFiles) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        try {
            return PrecompiledRules.load(drlFiles, classLoader).orElseGet(() -> compile(drlFiles));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    public RuleSet compile(SortedMap<String, String> drlFiles) {
        if (drlFiles.isEmpty()) {
            throw new RuleCompilationException("No rules", List.of(new RuleProblem(".", 0, "no .drl files found")));
        }
        long started = System.nanoTime();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader); // Drools and MVEL look classes up through it too
        try {
            return build(drlFiles, started);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private RuleSet build(SortedMap<String, String> drlFiles, long started) {
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder(configuration());
        CompositeKnowledgeBuilder batch = builder.batch();
        KieServices kie = KieServices.get();
        Map<String, String> generated = new HashMap<>(); // decision table path -> the DRL Drools made of it
        List<RuleProblem> tableProblems = new ArrayList<>();
        drlFiles.forEach((path, text) -> {
            String drl = text;
            if (DecisionTables.isTable(path)) {
                try {
                    drl = DecisionTables.toDrl(path, text);
                    generated.put(path, drl);
                } catch (RuleCompilationException e) {
                    tableProblems.addAll(e.problems());
                    return;
                }
            }
            drl = ConstantSalience.inline(drl);
            Resource resource = kie.getResources().newByteArrayResource(drl.getBytes(StandardCharsets.UTF_8));
            resource.setSourcePath(path);
            batch.add(resource, ResourceType.DRL);
        });
        if (!tableProblems.isEmpty()) {
            throw new RuleCompilationException("Decision table does not compile", tableProblems);
        }
        batch.build();
        if (builder.hasErrors()) {
            throw new RuleCompilationException("Rule set does not compile", problems(builder).stream()
                    .map(p -> generated.containsKey(p.file())
                            ? DecisionTables.locate(p.file(), drlFiles.get(p.file()), generated.get(p.file()), p)
                            : p)
                    .toList());
        }
        KieBase kieBase = builder.newKieBase();
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new RuleSet(RuleSources.version(drlFiles), new TreeMap<>(drlFiles), kieBase,
                kieBase.newKieSessionsPool(SESSION_POOL_SIZE), ruleFiles(kieBase), Instant.now(), millis);
    }

    /**
     * Class reactivity: a {@code modify} of a working fact re-evaluates every rule that matches it, so a rule reading
     * a derived figure (open risk, liquidation price) always sees the current one. Rules that change a working fact
     * are written so their own condition turns false afterwards.
     */
    private KnowledgeBuilderConfiguration configuration() {
        Properties properties = new Properties();
        properties.setProperty(PropertySpecificOption.PROPERTY_NAME, PropertySpecificOption.ALLOWED.name());
        return KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(properties, classLoader);
    }

    private static List<RuleProblem> problems(KnowledgeBuilder builder) {
        List<RuleProblem> problems = new ArrayList<>();
        for (KnowledgeBuilderError error : builder.getErrors()) {
            String file = error.getResource() != null && error.getResource().getSourcePath() != null
                    ? error.getResource().getSourcePath()
                    : "?";
            int[] lines = error.getLines();
            int line = lines != null && lines.length > 0 ? lines[0] : 0;
            problems.add(new RuleProblem(file, line, error.getMessage().strip()));
        }
        // Drools adds "Parser returned a null Package" after a file's syntax errors: it says nothing the errors don't.
        List<RuleProblem> useful = problems.stream()
                .filter(p -> !(p.message().contains("Parser returned a null Package")
                        && problems.stream().anyMatch(o -> o != p && o.file().equals(p.file()))))
                .toList();
        return useful.isEmpty() ? problems : useful;
    }

    static Map<String, String> ruleFiles(KieBase kieBase) {
        Map<String, String> files = new HashMap<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                String file = rule instanceof RuleImpl impl && impl.getResource() != null
                        ? impl.getResource().getSourcePath()
                        : "?";
                files.put(RuleSet.ruleKey(rule.getPackageName(), rule.getName()), file);
            }
        }
        return Map.copyOf(files);
    }
}
