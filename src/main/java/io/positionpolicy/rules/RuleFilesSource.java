package io.positionpolicy.rules;

import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Where the reloader reads rule files from: a directory on this machine's disk (the default), or the database that a
 * cluster of replicas shares ({@code policy.rules.source=database}, implemented outside this package).
 */
public interface RuleFilesSource {

    /** The DRL files (path -> text) and the scenario files ({@code tests/*.yaml}) of one rule set. */
    record RuleFiles(SortedMap<String, String> drl, SortedMap<String, String> scenarios) {
        public String version() {
            return drl.isEmpty() ? null : RuleSources.version(drl);
        }
    }

    /** The current files; throws {@link RuleCompilationException} or an unchecked I/O error when unreadable. */
    RuleFiles read();

    /** For messages: the directory, or the database. */
    String describe();

    /** The directory, when the rules are files of this machine's disk; empty when they live elsewhere. */
    default Optional<Path> directory() {
        return Optional.empty();
    }

    /**
     * Makes {@code files} what every later {@link #read()} returns (database: one new active version for every
     * replica), provided {@code expectedBase} is still the active version: the version the change was made on, or
     * null for a change that replaces whatever is active (a rollback to a named version). Otherwise throws
     * {@link RuleSetMovedException} and publishes nothing. Sources on disk do not publish: the editor writes the
     * file, the reload reads it.
     */
    default void publish(RuleFiles files, String expectedBase, String trigger, String principal) {
        throw new UnsupportedOperationException("the rules of " + describe() + " are edited as files");
    }

    /** The rules directory on disk, read as the service always has. */
    static RuleFilesSource directory(Path dir) {
        return new RuleFilesSource() {
            @Override
            public RuleFiles read() {
                return new RuleFiles(RuleSources.readDrl(dir), RuleSources.readScenarios(dir));
            }

            @Override
            public String describe() {
                return dir.toString();
            }

            @Override
            public Optional<Path> directory() {
                return Optional.of(dir);
            }
        };
    }
}
