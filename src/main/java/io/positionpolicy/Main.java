package io.positionpolicy;

import io.positionpolicy.rules.EarlyCompile;
import io.positionpolicy.security.UsersCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Starts the service; {@code users ...} manages the users file instead (see {@link UsersCommand}). The rules start
 * compiling before Quarkus boots (see {@link EarlyCompile}).
 */
@QuarkusMain
public final class Main {
    private Main() {
    }

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("users")) {
            System.exit(new UsersCommand(System.in, System.out, System.err)
                    .run(Arrays.copyOfRange(args, 1, args.length)));
        }
        EarlyCompile.start(rulesDirectory(), Main.class.getClassLoader());
        Quarkus.run(args);
    }

    /**
     * The rules directory as the service will read it (policy.rules.dir as a system property, POLICY_RULES_DIR, or the
     * default); if configuration elsewhere names another, the loader compiles that one and the early result is unused.
     */
    private static Path rulesDirectory() {
        String dir = System.getProperty("policy.rules.dir", System.getenv("POLICY_RULES_DIR"));
        return Path.of(dir == null || dir.isBlank() ? "rules" : dir);
    }
}
