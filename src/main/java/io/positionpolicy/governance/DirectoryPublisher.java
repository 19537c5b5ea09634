package io.positionpolicy.governance;

import io.positionpolicy.files.AtomicFiles;
import io.positionpolicy.rules.DecisionTables;
import io.positionpolicy.rules.ReloadReport;
import io.positionpolicy.rules.RuleSetMovedException;
import io.positionpolicy.rules.RuleSetReloader;
import io.positionpolicy.rules.RuleSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Publishes into the rules directory: writes each changed file atomically, removes the files the new tree no longer
 * has, and reloads. If the reload refuses the tree, or a write fails part-way, the previous files are written back, so
 * the directory never holds a rule set that would not start, nor half of one.
 */
final class DirectoryPublisher implements RuleSetPublisher {
    private final RuleSetReloader reloader;

    DirectoryPublisher(RuleSetReloader reloader) {
        this.reloader = reloader;
    }

    @Override
    public SortedMap<String, String> currentFiles() {
        SortedMap<String, String> files = new TreeMap<>(RuleSources.readDrl(reloader.directory()));
        files.putAll(RuleSources.readScenarios(reloader.directory()));
        return files;
    }

    @Override
    public ReloadReport publish(SortedMap<String, String> files, String base, String trigger, String principal) {
        return reloader.exclusively(() -> { // the watcher does not load the files before this reload does
            SortedMap<String, String> before = currentFiles();
            String live = RuleSources.version(ChangeSetFiles.drlOf(before));
            if (base != null && !live.equals(base)) {
                throw new RuleSetMovedException(base, live);
            }
            try {
                write(before, files);
            } catch (UncheckedIOException e) { // a full disk part-way: the watcher must not find a mixed tree
                try {
                    write(files, before);
                } catch (UncheckedIOException again) {
                    e.addSuppressed(again);
                }
                throw e;
            }
            ReloadReport report = reloader.reload(trigger, principal);
            if (!report.ok()) {
                write(files, before);
            }
            return report;
        });
    }

    private void write(SortedMap<String, String> from, SortedMap<String, String> to) {
        Path dir = reloader.directory();
        try {
            for (var file : to.entrySet()) {
                if (!file.getValue().equals(from.get(file.getKey()))) {
                    AtomicFiles.replace(dir.resolve(file.getKey()),
                            DecisionTables.bytes(file.getKey(), file.getValue()), false);
                }
            }
            for (String path : from.keySet()) {
                if (!to.containsKey(path)) {
                    Files.deleteIfExists(dir.resolve(path));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rules directory " + dir, e);
        }
    }
}
