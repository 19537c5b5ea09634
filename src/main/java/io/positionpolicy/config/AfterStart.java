package io.positionpolicy.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Background work that must not compete with the start-up for the CPU (the compiler's warm-up, the sandbox worker's
 * JVM): when the service is launched by {@code Main}, it runs once Quarkus has started and the service answers;
 * otherwise (tests, dev mode) at once.
 */
public final class AfterStart {
    private static final List<Runnable> WAITING = new ArrayList<>();
    private static boolean deferring;
    private static boolean started;

    private AfterStart() {
    }

    /** Called by {@code Main} before Quarkus starts: from now on work waits for {@link #started()}. */
    public static synchronized void deferUntilStarted() {
        deferring = true;
    }

    /** Runs {@code task} now if the service has started (or nothing defers it), else once it has. */
    public static void run(Runnable task) {
        synchronized (AfterStart.class) {
            if (deferring && !started) {
                WAITING.add(task);
                return;
            }
        }
        task.run();
    }

    /** Called by {@code Main} once Quarkus has started: runs what waited, in order. */
    public static void started() {
        List<Runnable> tasks;
        synchronized (AfterStart.class) {
            started = true;
            tasks = List.copyOf(WAITING);
            WAITING.clear();
        }
        tasks.forEach(Runnable::run);
    }
}
