package io.positionpolicy.cluster;

import io.positionpolicy.rules.ReloadReport;
import io.positionpolicy.rules.RuleFilesSource.RuleFiles;
import io.positionpolicy.rules.RuleSetReloader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Activating a stored version again (a rollback) for the whole cluster: checked here exactly as a save is (safety,
 * compilation, scenarios), then made the cluster's active version, which every replica loads.
 */
@ApplicationScoped
public class RuleSetActivation {
    private final ReplicaSync sync;
    private final RuleSetReloader reloader;

    public RuleSetActivation(ReplicaSync sync, RuleSetReloader reloader) {
        this.sync = sync;
        this.reloader = reloader;
    }

    /** False in directory mode, where the rules are the files of the directory. */
    public boolean available() {
        return sync.enabled();
    }

    /** The report of the check (rejected) or of this replica's reload (activated); empty when no such version. */
    public Optional<ReloadReport> activate(String version, String principal) {
        Optional<RuleFiles> files = sync.store().files(version);
        if (files.isEmpty()) {
            return Optional.empty();
        }
        ReloadReport check = reloader.validate(files.get().drl(), files.get().scenarios(), principal);
        if (!check.ok()) {
            return Optional.of(check);
        }
        return Optional.of(reloader.publishAndReload(files.get(), null, "rollback", principal));
    }
}
