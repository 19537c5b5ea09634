package io.positionpolicy.governance;

import io.positionpolicy.rules.ReloadReport;
import io.positionpolicy.rules.RuleFilesSource;
import io.positionpolicy.rules.RuleSetReloader;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Publishes into the rules source a cluster shares ({@code policy.rules.source=database}): the tree becomes the
 * cluster's active version in one transaction, this replica loads it at once and every other replica follows (on the
 * notification, or at its next poll). No replica's disk is touched.
 */
final class SharedStorePublisher implements RuleSetPublisher {
    private final RuleSetReloader reloader;

    SharedStorePublisher(RuleSetReloader reloader) {
        this.reloader = reloader;
    }

    @Override
    public SortedMap<String, String> currentFiles() {
        RuleFilesSource.RuleFiles files = reloader.source().read();
        SortedMap<String, String> all = new TreeMap<>(files.drl());
        all.putAll(files.scenarios());
        return all;
    }

    @Override
    public ReloadReport publish(SortedMap<String, String> files, String base, String trigger, String principal) {
        RuleFilesSource.RuleFiles tree = new RuleFilesSource.RuleFiles(ChangeSetFiles.drlOf(files),
                CandidateValidation.scenariosOf(files));
        ReloadReport check = reloader.validate(tree.drl(), tree.scenarios(), principal);
        if (!check.ok()) {
            return check; // never make a tree the cluster's active version that would not load
        }
        return reloader.publishAndReload(tree, base, trigger, principal); // the store compares and sets the base
    }
}
