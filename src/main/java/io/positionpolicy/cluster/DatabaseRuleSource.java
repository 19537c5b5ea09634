package io.positionpolicy.cluster;

import io.positionpolicy.audit.AuditStore;
import io.positionpolicy.config.PolicyConfig;
import io.positionpolicy.rules.RuleCompilationException;
import io.positionpolicy.rules.RuleFilesSource;
import io.positionpolicy.rules.RuleProblem;
import io.positionpolicy.rules.RuleSources;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The rules of {@code policy.rules.source=database}: the cluster's active version in the shared store. The first read
 * on an empty store imports {@code policy.rules.seed-dir} as the first version (one replica wins when several start
 * at once). Publishing an edit makes it the active version of every replica.
 */
@ApplicationScoped
public class DatabaseRuleSource implements RuleFilesSource {
    private static final Logger LOG = Logger.getLogger(DatabaseRuleSource.class);

    private final RuleSetStore store;
    private final Path seedDir;

    public DatabaseRuleSource(AuditStore audit, PolicyConfig config) {
        this.store = new RuleSetStore(audit.dataSource(), audit.postgres());
        this.seedDir = Path.of(config.rules().seedDir());
    }

    public RuleSetStore store() {
        return store;
    }

    @Override
    public RuleFiles read() {
        RuleSetStore.Active active = store.active().orElseGet(this::seed);
        return store.files(active.version()).orElseThrow(() -> new RuleCompilationException(
                "the active rule set has no files", List.of(new RuleProblem("read", active.version(), 0,
                        "the cluster's active version " + active.version() + " has no DRL files in the store"))));
    }

    private RuleSetStore.Active seed() {
        RuleFiles files = new RuleFiles(RuleSources.readDrl(seedDir), RuleSources.readScenarios(seedDir));
        try {
            if (store.seed(files, "seed")) {
                LOG.infof("The store had no rule set: imported %s as %s (%d files)", seedDir.toAbsolutePath(),
                        files.version(), files.drl().size());
            }
        } catch (IllegalStateException e) {
            LOG.infof("Another replica seeded the store first (%s)", e.getMessage());
        }
        return store.active().orElseThrow(() -> new IllegalStateException("the store has no active rule set"));
    }

    @Override
    public String describe() {
        return "the cluster's database";
    }

    @Override
    public void publish(RuleFiles files, String expectedBase, String trigger, String principal) {
        RuleSetStore.Active active = store.activate(files, expectedBase, principal);
        LOG.infof("Rule set %s is the cluster's active version (%s by %s, activation %d)", active.version(), trigger,
                principal, active.seq());
    }
}
