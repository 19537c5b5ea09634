package io.positionpolicy.rules;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;

/**
 * The shipped rules compiled at build time: the build runs {@code ShippedRulesBuildStep} on {@code rules/} and puts the compiled
 * packages (Drools' own serialized form, with the bytecode of every consequence) into the jar, tagged with the
 * rule-set version they were compiled from. A start whose rules have that version loads them instead of compiling
 * (about 1 s instead of 3.5–4 s on a cold JVM); any other rule set, and every later reload, compiles at run time as
 * before. The packages were compiled against the very classes of the same build, so they cannot be stale; anything
 * unexpected while reading them falls back to compiling. The build also runs the safety check and the scenario files
 * on them and records the scenarios' version when all passed, so that a start from the same files and scenarios does
 * not repeat that work ({@link #checkedAtBuild}).
 */
public final class PrecompiledRules {
    static final String RESOURCE = "precompiled-rules/rules.bin";
    private static final String FORMAT = "position-policy precompiled rules 2";
    private static final Logger LOG = Logger.getLogger(PrecompiledRules.class.getName());

    private PrecompiledRules() {
    }

    /**
     * Writes {@code ruleSet}; {@code checked} is the version of the scenario files ({@link RuleSources#version}) that
     * passed on it together with the safety check, or null when they were not run or did not all pass.
     */
    public static void write(RuleSet ruleSet, String checked, Path out) throws IOException {
        Files.createDirectories(out.getParent());
        try (OutputStream file = Files.newOutputStream(out)) {
            write(ruleSet, checked, file);
        }
        LOG.info(String.format("Precompiled %d rule files (%s, scenarios %s) into %s, %,d bytes", ruleSet.files().size(),
                ruleSet.version(), checked == null ? "not passed" : "passed", out, Files.size(out)));
    }

    static void write(RuleSet ruleSet, String checked, OutputStream out) throws IOException {
        DataOutputStream header = new DataOutputStream(out);
        header.writeUTF(FORMAT);
        header.writeUTF(ruleSet.version());
        header.writeUTF(checked == null ? "" : checked);
        header.flush();
        DroolsObjectOutputStream packages = new DroolsObjectOutputStream(out);
        packages.writeObject(new ArrayList<>(ruleSet.kieBase().getKiePackages()));
        packages.flush();
    }

    /**
     * Whether the build found these very rule files safe and passed these very scenario files on them: then a start
     * from them need not check them again.
     */
    public static boolean checkedAtBuild(SortedMap<String, String> drl, SortedMap<String, String> scenarios) {
        InputStream resource = PrecompiledRules.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (resource == null || drl.isEmpty() || scenarios.isEmpty()) {
            return false;
        }
        try (DataInputStream header = new DataInputStream(resource)) {
            return header.readUTF().equals(FORMAT) && header.readUTF().equals(RuleSources.version(drl))
                    && header.readUTF().equals(RuleSources.version(scenarios));
        } catch (IOException e) {
            return false;
        }
    }

    /** The precompiled rule set when these files are the ones it was compiled from; empty otherwise. */
    static Optional<RuleSet> load(SortedMap<String, String> drl, ClassLoader classLoader) {
        InputStream resource = PrecompiledRules.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (resource == null || drl.isEmpty()) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        String version = RuleSources.version(drl);
        try (InputStream in = resource) {
            return read(in, version, new TreeMap<>(drl), classLoader, started);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            LOG.log(Level.WARNING, "Precompiled rules not used, compiling instead: " + e, e);
            return Optional.empty();
        }
    }

    static Optional<RuleSet> read(InputStream in, String version, SortedMap<String, String> drl,
            ClassLoader classLoader, long started) throws IOException, ClassNotFoundException {
        DataInputStream header = new DataInputStream(in);
        if (!header.readUTF().equals(FORMAT) || !header.readUTF().equals(version)) {
            return Optional.empty();
        }
        header.readUTF(); // the scenarios checked at build time: see checkedAtBuild
        @SuppressWarnings("unchecked")
        Collection<KiePackage> packages = (Collection<KiePackage>) new DroolsObjectInputStream(in, classLoader)
                .readObject();
        InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase(
                KieServices.get().newKieBaseConfiguration(null, classLoader));
        kieBase.addPackages(packages);
        long millis = (System.nanoTime() - started) / 1_000_000;
        return Optional.of(new RuleSet(version, drl, kieBase, kieBase.newKieSessionsPool(RuleCompiler.SESSION_POOL_SIZE),
                RuleCompiler.ruleFiles(kieBase), Instant.now(), millis));
    }
}
