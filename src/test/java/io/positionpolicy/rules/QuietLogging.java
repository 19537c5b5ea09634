package io.positionpolicy.rules;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Outside Quarkus nothing configures JBoss LogManager, whose root logger then lets Drools' TRACE statements format
 * their messages, slowing evaluation more than tenfold. Plain-JUnit tests and harnesses call this first.
 */
public final class QuietLogging {
    private static final Logger ROOT = Logger.getLogger("");

    private QuietLogging() {
    }

    public static void apply() {
        ROOT.setLevel(Level.INFO);
    }
}
