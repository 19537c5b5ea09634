package io.positionpolicy.cluster;

import io.positionpolicy.audit.AuditDatabase;
import io.positionpolicy.evaluation.scenario.InProcessCheck;
import io.positionpolicy.files.AtomicFiles;
import io.positionpolicy.rules.DecisionTables;
import io.positionpolicy.rules.RuleFilesSource.RuleFiles;
import io.positionpolicy.rules.RuleProblem;
import io.positionpolicy.rules.RuleSources;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar quarkus-run.jar rules ...}: the rule sets of a cluster's database, without starting the service.
 * <pre>
 *   rules import DIR        store DIR's rules and scenarios as a version and make it the cluster's active one
 *                           (refused when policy.governance.required-approvals is above 0)
 *   rules export VERSION DIR  write a stored version (or "active") as files into DIR, to edit and keep in git
 *   rules list              stored versions, newest first; the active one marked
 * </pre>
 * An import is checked here first as a replica would check it (safety, compilation, every scenario, in this JVM):
 * one that would not load is refused with its problems and nothing is stored. Before 2026-12-08 it was stored and
 * made active unchecked: the running replicas refused it and kept their version, but a replica started after that
 * (a restart, a new one) had no version to keep and could not start at all.
 */
public final class RulesCommand {
    private final PrintStream out;
    private final PrintStream err;
    private final int requiredApprovals;

    /** @param requiredApprovals {@code policy.governance.required-approvals} of the cluster: above 0, no import */
    public RulesCommand(PrintStream out, PrintStream err, int requiredApprovals) {
        this.out = out;
        this.err = err;
        this.requiredApprovals = requiredApprovals;
    }

    public int run(AuditDatabase database, String... args) {
        try {
            RuleSetStore store = new RuleSetStore(database.dataSource(), database.postgres());
            String verb = args.length == 0 ? "" : args[0];
            switch (verb) {
                case "import" -> {
                    if (args.length != 2) {
                        return usage();
                    }
                    if (requiredApprovals > 0) { // it would go live on every replica without an approval
                        err.println("rules: policy.governance.required-approvals is " + requiredApprovals
                                + ", so rule changes go live only as approved change sets; nothing was imported. "
                                + "Propose the directory as one: zip it and POST it to /api/v1/changes/upload "
                                + "(or upload the zip on the console's Changes page)");
                        return 1;
                    }
                    Path dir = Path.of(args[1]);
                    RuleFiles files = new RuleFiles(RuleSources.readDrl(dir), RuleSources.readScenarios(dir));
                    if (files.drl().isEmpty()) {
                        throw new IllegalArgumentException("no .drl files in " + dir);
                    }
                    List<RuleProblem> problems = InProcessCheck.check(files.drl(), files.scenarios(),
                            RulesCommand.class.getClassLoader()).problems(); // what a replica's load would refuse
                    if (!problems.isEmpty()) {
                        err.println("rules: " + dir + " would not load on the replicas, so nothing was imported ("
                                + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "):");
                        problems.forEach(p -> err.println("  " + p));
                        return 1;
                    }
                    RuleSetStore.Active active = store.activate(files, null,
                            "rules-import:" + System.getProperty("user.name")); // whatever is active
                    out.println("Imported " + dir + " as " + active.version() + " (" + files.drl().size()
                            + " rule files, " + files.scenarios().size() + " scenario files); it is the cluster's "
                            + "active version (activation " + active.seq() + ")");
                }
                case "export" -> {
                    if (args.length != 3) {
                        return usage();
                    }
                    String version = args[1].equals("active")
                            ? store.active().orElseThrow(() -> new IllegalArgumentException("no active version"))
                                    .version()
                            : args[1];
                    RuleFiles files = store.files(version)
                            .orElseThrow(() -> new IllegalArgumentException("no stored version " + version));
                    Path dir = Path.of(args[2]);
                    write(dir, files.drl());
                    write(dir, files.scenarios());
                    out.println("Exported " + version + " into " + dir + " (" + files.drl().size() + " rule files, "
                            + files.scenarios().size() + " scenario files)");
                }
                case "list" -> {
                    String active = store.active().map(RuleSetStore.Active::version).orElse("");
                    store.versions().forEach(v -> out.println((v.equals(active) ? "* " : "  ") + v));
                }
                default -> {
                    return usage();
                }
            }
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            err.println("rules: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) { // e.g. a directory that is not one
            err.println("rules: " + e.getMessage());
            return 1;
        }
    }

    private static void write(Path dir, Map<String, String> files) {
        files.forEach((path, text) -> {
            Path target = dir.resolve(path).normalize();
            if (!target.startsWith(dir.normalize())) {
                throw new IllegalArgumentException("refusing to write outside " + dir + ": " + path);
            }
            try {
                java.nio.file.Files.createDirectories(target.getParent());
                AtomicFiles.replace(target, DecisionTables.bytes(path, text), false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target, e);
            }
        });
    }

    private int usage() {
        err.println("""
                usage: rules import DIR            store DIR as a version and make it the cluster's active one
                       rules export VERSION DIR    write a stored version (or 'active') into DIR
                       rules list                  stored versions, the active one marked *
                the store: policy.db.url / POLICY_DB_URL (and POLICY_DB_USER, POLICY_DB_PASSWORD)""");
        return 2;
    }
}
