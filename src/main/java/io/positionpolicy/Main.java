package io.positionpolicy;

import io.positionpolicy.audit.AuditDatabase;
import io.positionpolicy.cluster.RulesCommand;
import io.positionpolicy.config.AfterStart;
import io.positionpolicy.rules.EarlyCompile;
import io.positionpolicy.security.JdbcUserStore;
import io.positionpolicy.security.UsersCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Starts the service; {@code users ...} manages the users (the users file, or with {@code policy.rules.source=database}
 * the shared database: see {@link UsersCommand}), {@code rules ...} the rule sets of the shared database
 * ({@link RulesCommand}). The rules start compiling before Quarkus boots (see {@link EarlyCompile}).
 */
@QuarkusMain
public final class Main {
    private Main() {
    }

    public static void main(String... args) {
        Integer refused = unknownArguments(args, System.err);
        if (refused != null) {
            System.exit(refused);
        }
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        if (args.length > 0 && args[0].equals("users")) {
            if (!"database".equals(setting("policy.rules.source", "POLICY_RULES_SOURCE"))) {
                System.exit(new UsersCommand(System.in, System.out, System.err).run(rest));
            }
            try (AuditDatabase database = openStore()) {
                int code = new UsersCommand(System.in, System.out, System.err,
                        new JdbcUserStore(database.dataSource())).run(rest);
                database.close();
                System.exit(code);
            }
        }
        if (args.length > 0 && args[0].equals("rules")) {
            try (AuditDatabase database = openStore()) {
                int code = new RulesCommand(System.out, System.err, requiredApprovals()).run(database, rest);
                database.close();
                System.exit(code);
            }
        }
        if (!"database".equals(setting("policy.rules.source", "POLICY_RULES_SOURCE"))) {
            EarlyCompile.start(rulesDirectory(), Main.class.getClassLoader());
        }
        AfterStart.deferUntilStarted();
        Quarkus.run(Service.class, args);
    }

    /**
     * Arguments that name no command: the usage, and the exit code (0 when help was asked for, 2 otherwise); null
     * when there are none or they name a command. Until 2026-12-08 any such argument ({@code --help}, a misspelt
     * {@code user add}) was ignored and the service started, on port 8080 and the data directory of the working
     * directory, creating an admin there on a first start.
     */
    static Integer unknownArguments(String[] args, PrintStream err) {
        if (args.length == 0 || args[0].equals("users") || args[0].equals("rules")) {
            return null;
        }
        boolean help = List.of("--help", "-h", "-help", "help").contains(args[0]);
        if (!help) {
            err.println("unknown command '" + args[0] + "'");
        }
        err.println("""
                usage: java -jar quarkus-run.jar                      start the service (settings: README, Configuration)
                       java -jar quarkus-run.jar users add|remove|list …   manage the users (no service started)
                       java -jar quarkus-run.jar rules import|export|list …  a cluster's rule sets (no service started)""");
        return help ? 0 : 2;
    }

    /** The running service: once Quarkus has started, the background work that waited for it begins. */
    public static final class Service implements QuarkusApplication {
        @Override
        public int run(String... args) {
            AfterStart.started();
            Quarkus.waitForExit();
            return 0;
        }
    }

    /** The store the service would open, from system properties or environment variables (policy.db.*). */
    private static AuditDatabase openStore() {
        String url = setting("policy.db.url", "POLICY_DB_URL");
        if (url == null) {
            String dataDir = setting("policy.data-dir", "POLICY_DATA_DIR");
            url = AuditDatabase.h2Url(Path.of(dataDir == null ? "data" : dataDir));
        }
        return AuditDatabase.open(url, setting("policy.db.user", "POLICY_DB_USER"),
                setting("policy.db.password", "POLICY_DB_PASSWORD"), 2, Duration.ofSeconds(10));
    }

    /** {@code policy.governance.required-approvals} as the replicas read it (0 when unset; 1, governed, when unreadable). */
    private static int requiredApprovals() {
        String value = setting("policy.governance.required-approvals", "POLICY_GOVERNANCE_REQUIRED_APPROVALS");
        try {
            return value == null ? 0 : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return 1; // the replicas would not start on it: refuse rather than go around a setting meant to govern
        }
    }

    private static String setting(String property, String variable) {
        String value = System.getProperty(property, System.getenv(variable));
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The rules directory as the service will read it (policy.rules.dir as a system property, POLICY_RULES_DIR, or the
     * default); if configuration elsewhere names another, the loader compiles that one and the early result is unused.
     */
    private static Path rulesDirectory() {
        String dir = setting("policy.rules.dir", "POLICY_RULES_DIR");
        return Path.of(dir == null ? "rules" : dir);
    }
}
