package io.positionpolicy.audit;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The two audit stores the tests run against: embedded H2 in a fresh directory, and PostgreSQL at 127.0.0.1:5432
 * (database test, user postgres) in a fresh schema. PostgreSQL tests skip when it is unreachable, unless
 * REQUIRE_POSTGRES=1 (CI), where they fail.
 */
public final class TestStores {
    public static final String POSTGRES_BASE = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String POSTGRES_USER = "postgres";

    private static final List<String> CREATED = new java.util.ArrayList<>();

    private TestStores() {
    }

    private static void dropCreatedSchemas() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String schema : CREATED) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            // best effort: the schemas only hold test data
        }
    }

    public static List<String> kinds() {
        return List.of("h2", "postgresql");
    }

    /** A JDBC URL of an empty store of this kind. */
    public static String freshUrl(String kind) throws Exception {
        if (kind.equals("h2")) {
            return AuditDatabase.h2Url(Files.createTempDirectory("audit-h2"));
        }
        requirePostgres();
        return POSTGRES_BASE + "?currentSchema=" + freshSchema();
    }

    public static AuditDatabase open(String url) {
        return AuditDatabase.open(url, url.startsWith("jdbc:postgresql") ? POSTGRES_USER : null, null, 8,
                Duration.ofSeconds(2));
    }

    /** Skips (or, with REQUIRE_POSTGRES=1, fails) when PostgreSQL is not reachable. */
    public static void requirePostgres() {
        boolean reachable = postgresReachable();
        if (!reachable && "1".equals(System.getenv("REQUIRE_POSTGRES"))) {
            throw new IllegalStateException("REQUIRE_POSTGRES=1 but PostgreSQL is not reachable at " + POSTGRES_BASE);
        }
        Assumptions.assumeTrue(reachable, "PostgreSQL not reachable at " + POSTGRES_BASE + "; skipped");
    }

    /** For @EnabledIf: run when reachable, and also when required (so that the run fails loudly). */
    public static boolean postgresEnabled() {
        return postgresReachable() || "1".equals(System.getenv("REQUIRE_POSTGRES"));
    }

    public static boolean postgresReachable() {
        try (Connection c = connect()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    public static String freshSchema() throws SQLException {
        String schema = "pp_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        synchronized (CREATED) {
            if (CREATED.isEmpty()) {
                Runtime.getRuntime().addShutdownHook(new Thread(TestStores::dropCreatedSchemas));
            }
            CREATED.add(schema);
        }
        return schema;
    }

    /** Runs one statement on the test database, outside any service. */
    public static void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The driver itself rather than DriverManager, which refuses drivers from another class loader (Quarkus tests). */
    private static Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", POSTGRES_USER);
        properties.setProperty("connectTimeout", "3");
        Connection connection = new org.postgresql.Driver().connect(POSTGRES_BASE, properties);
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver does not accept " + POSTGRES_BASE);
        }
        return connection;
    }

}
