package io.positionpolicy.governance;

import io.positionpolicy.rules.ReloadReport;
import java.util.SortedMap;

/**
 * Where a governed change goes live: the rules directory of a single service ({@link DirectoryPublisher}), or the
 * store's active version that every replica of a cluster follows.
 */
public interface RuleSetPublisher {
    /** The live tree: every rule file and scenario file by path. */
    SortedMap<String, String> currentFiles();

    /**
     * Makes {@code files} the whole live tree and loads it; a rejected load leaves the previous tree live. Throws
     * {@link io.positionpolicy.rules.RuleSetMovedException}, having published nothing, when the live version is no
     * longer {@code base}, the version the tree was built on.
     */
    ReloadReport publish(SortedMap<String, String> files, String base, String trigger, String principal);
}
