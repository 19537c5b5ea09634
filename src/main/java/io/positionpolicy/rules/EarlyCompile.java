package io.positionpolicy.rules;

import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The first compile of the rules directory, started by {@code Main} before Quarkus boots, so that the two share the
 * start-up time instead of adding up (the cold compile of the standard rule set takes a few seconds). The loader takes
 * the result at start-up only if it was compiled from the same text by the same class loader; otherwise, or if the
 * compile failed, it compiles again and reports as it always does. Nothing here activates or checks anything. The
 * shipped rules are not compiled but loaded as the build compiled them ({@link PrecompiledRules}).
 */
public final class EarlyCompile {
    private static volatile CompletableFuture<RuleSet> pending;
    private static volatile ClassLoader loader;

    private EarlyCompile() {
    }

    /** Starts compiling {@code dir} on a background thread; a missing or unreadable directory just starts nothing. */
    public static void start(Path dir, ClassLoader classLoader) {
        loader = classLoader;
        pending = CompletableFuture.supplyAsync(() -> new RuleCompiler(classLoader).compileOrLoad(RuleSources.readDrl(dir)),
                runnable -> {
                    Thread thread = new Thread(runnable, "rules-early-compile");
                    thread.setDaemon(true);
                    thread.start();
                });
    }

    /** The early result for these files, waiting for it if it is still compiling; taken once. */
    static Optional<RuleSet> take(SortedMap<String, String> drl, ClassLoader classLoader) {
        CompletableFuture<RuleSet> result = pending;
        pending = null;
        if (result == null || loader != classLoader || drl.isEmpty()) {
            return Optional.empty();
        }
        try {
            RuleSet ruleSet = result.get();
            return ruleSet.version().equals(RuleSources.version(drl)) ? Optional.of(ruleSet) : Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty(); // compiled again by the caller, which reports the problems
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
