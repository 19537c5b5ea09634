package io.positionpolicy.rules;

import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A cluster's shared store of rule files, in memory: {@code beforePublish} runs as a publish begins (before the
 * store compares the base), {@code afterPublish} once the store holds what was published.
 */
final class StoreInMemory implements RuleFilesSource {
    final AtomicReference<RuleFiles> active;
    Runnable beforePublish = () -> { };
    Runnable afterPublish = () -> { };

    StoreInMemory(Path dir) {
        active = new AtomicReference<>(new RuleFiles(RuleSources.readDrl(dir), RuleSources.readScenarios(dir)));
    }

    @Override
    public RuleFiles read() {
        return active.get();
    }

    @Override
    public String describe() {
        return "a store in memory";
    }

    @Override
    public void publish(RuleFiles files, String expectedBase, String trigger, String principal) {
        beforePublish.run();
        if (expectedBase != null && !expectedBase.equals(active.get().version())) {
            throw new RuleSetMovedException(expectedBase, active.get().version());
        }
        active.set(files);
        afterPublish.run();
    }

    /** The active files with one more rule file. */
    RuleFiles plus(String path, String text) {
        SortedMap<String, String> drl = new TreeMap<>(active.get().drl());
        drl.put(path, text);
        return new RuleFiles(drl, active.get().scenarios());
    }
}
