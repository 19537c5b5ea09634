package io.positionpolicy.audit;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * The audit store's connection pool, on PostgreSQL or on embedded H2 (a file), chosen by the JDBC URL at run time,
 * with the schema brought up to date by Flyway (and the rule-set history written before V12 sealed into its hash
 * chains, see {@link RuleSetLog}). Written by hand on Agroal and Flyway's API rather than Quarkus'
 * datasource extension, whose database kind is fixed when the jar is built.
 */
public final class AuditDatabase implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AuditDatabase.class);
    /**
     * H2 speaks PostgreSQL's dialect for the shared schema; WRITE_DELAY=0 writes each commit to the file at once.
     * CACHE_SIZE=1024 (KB) keeps 1 MB of pages in the heap instead of H2's 16 MB: every page a commit writes enters
     * that cache and lives on into the old generation, which lengthened each young collection's pause. At 1,000
     * audited evaluations/s it took p99 from 10.6 to 5.8 ms and RSS from 509 to 403 MB; only a reader that scans the
     * whole store is a little slower (docs/PERFORMANCE.md, fifth pass).
     */
    private static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";WRITE_DELAY=0;CACHE_SIZE=1024";

    private final AgroalDataSource dataSource;
    private final String url;
    private final java.util.Properties credentials = new java.util.Properties();

    private AuditDatabase(AgroalDataSource dataSource, String url, String user, String password) {
        this.dataSource = dataSource;
        this.url = url;
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
    }

    /**
     * A connection of its own, outside the pool, for a session whose state must end with it (advisory locks,
     * LISTEN): closing it ends the session, where a pooled connection would carry the state on to its next user.
     */
    public java.sql.Connection openSession() throws SQLException {
        java.sql.Connection connection = postgres()
                ? new org.postgresql.Driver().connect(url, credentials)
                : new org.h2.Driver().connect(url, credentials);
        if (connection == null) {
            throw new SQLException("no driver accepts " + redact(url));
        }
        return connection;
    }

    /** The embedded default: {@code <dataDir>/audit.mv.db}. */
    public static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("audit") + H2_OPTIONS;
    }

    public static AuditDatabase open(String url, String user, String password, int maxPoolSize,
            Duration acquisitionTimeout) {
        try {
            if (url.startsWith("jdbc:h2:file:")) {
                Files.createDirectories(Path.of(url.substring("jdbc:h2:file:".length()).split(";")[0]).getParent());
            }
            AgroalDataSource dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(pool -> pool
                            .initialSize(1).minSize(1).maxSize(maxPoolSize)
                            .acquisitionTimeout(acquisitionTimeout)
                            .validationTimeout(Duration.ofSeconds(30))
                            .connectionFactoryConfiguration(factory -> factory
                                    .jdbcUrl(url)
                                    // PostgreSQL: a group commit's batch of inserts goes as multi-row INSERTs
                                    // (one round trip per table instead of one per row); ignored by H2.
                                    .jdbcProperty("reWriteBatchedInserts", "true")
                                    .connectionProviderClassName(driverFor(url))
                                    .principal(user == null ? null : new NamePrincipal(user))
                                    .credential(password == null ? null : new SimplePassword(password)))));
            AuditDatabase database = new AuditDatabase(dataSource, url, user, password);
            database.migrate();
            return database;
        } catch (SQLException | java.io.IOException | RuntimeException e) {
            if (lockedByAnotherProcess(e) && url.startsWith("jdbc:h2:file:")) {
                throw new IllegalStateException("cannot open the audit store at " + redact(url) + ": another process "
                        + "has it open, most likely another instance of the service (or a 'rules' command) with the "
                        + "same data directory. Stop that one, or give this one its own policy.data-dir "
                        + "(POLICY_DATA_DIR); instances that share a store share PostgreSQL (README, Running a cluster)",
                        e);
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("cannot open the audit store at " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    /** H2's "Database may be already in use" (90020), however deep Flyway or the pool wrapped it. */
    private static boolean lockedByAnotherProcess(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == 90020) {
                return true;
            }
        }
        return false;
    }

    private void migrate() {
        var result = Flyway.configure(AuditDatabase.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        LOG.infof("Audit store %s: schema at version %s (%d migrations applied)", redact(url),
                result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion, result.migrationsExecuted);
        RuleSetLog.sealRowsFromBeforeTheChain(dataSource);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean postgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    public String describe() {
        return redact(url);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static String driverFor(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        if (url.startsWith("jdbc:h2:")) {
            return "org.h2.Driver";
        }
        throw new IllegalArgumentException("unsupported audit store URL (use jdbc:postgresql: or jdbc:h2:): "
                + redact(url));
    }

    /** A URL without its query or options, where passwords may hide. */
    static String redact(String url) {
        int cut = url.indexOf('?');
        if (cut < 0) {
            cut = url.indexOf(';');
        }
        return cut < 0 ? url : url.substring(0, cut);
    }
}
