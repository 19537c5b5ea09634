package io.positionpolicy.cluster;

import io.positionpolicy.rules.RuleFilesSource.RuleFiles;
import io.positionpolicy.rules.RuleSetMovedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Rule-set versions in the shared database (DRL in {@code ruleset_file}, scenarios in {@code ruleset_scenario}) and
 * the one active version of the cluster ({@code cluster_ruleset}, a single row). Activating is one transaction that
 * stores the version if new, changes the row and, on PostgreSQL, notifies every listening replica at commit.
 */
public final class RuleSetStore {
    /** The PostgreSQL channel replicas LISTEN on; the payload is the new active version. */
    public static final String CHANNEL = "policy_ruleset";

    /** The cluster's active version; {@code seq} counts activations (a rollback to an older version is a change). */
    public record Active(String version, long seq, Instant activatedAt, String principal) {
    }

    private final DataSource dataSource;
    private final boolean postgres;

    public RuleSetStore(DataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
    }

    /** The active version; empty while the store has none (a first start). */
    public Optional<Active> active() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT version, seq, activated_at, principal FROM cluster_ruleset WHERE id = 1");
                ResultSet rs = s.executeQuery()) {
            if (!rs.next() || rs.getString(1) == null) {
                return Optional.empty();
            }
            return Optional.of(new Active(rs.getString(1), rs.getLong(2),
                    rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4)));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the cluster's active rule set: " + e.getMessage(), e);
        }
    }

    /** The files of a stored version. */
    public Optional<RuleFiles> files(String version) {
        try (Connection c = dataSource.getConnection()) {
            SortedMap<String, String> drl = read(c, "ruleset_file", version);
            if (drl.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new RuleFiles(drl, read(c, "ruleset_scenario", version)));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read rule set " + version + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stores the files (once) and makes them the cluster's active version; replicas are notified at commit. With an
     * {@code expectedBase}, only while that version is still the active one (compare and set, so of two changes made
     * on the same version on any replicas only one goes live); otherwise {@link RuleSetMovedException}, and nothing
     * is stored.
     */
    public Active activate(RuleFiles files, String expectedBase, String principal) {
        return inTransaction(c -> {
            store(c, files);
            Instant now = Instant.now();
            try (PreparedStatement s = c.prepareStatement("UPDATE cluster_ruleset SET version = ?, seq = seq + 1, "
                    + "activated_at = ?, principal = ? WHERE id = 1"
                    + (expectedBase == null ? "" : " AND version = ?"))) {
                s.setString(1, files.version());
                s.setObject(2, now.atOffset(ZoneOffset.UTC));
                s.setString(3, principal);
                if (expectedBase != null) {
                    s.setString(4, expectedBase);
                }
                if (s.executeUpdate() != 1) {
                    throw new RuleSetMovedException(expectedBase, readActive(c).version());
                }
            }
            notifyReplicas(c, files.version());
            return readActive(c);
        });
    }

    /**
     * Makes {@code files} the first active version if the store has none yet; false if another replica (or an
     * import) was first. Safe when several replicas start at once: the update only matches an empty row.
     */
    public boolean seed(RuleFiles files, String principal) {
        return inTransaction(c -> {
            store(c, files);
            int updated;
            try (PreparedStatement s = c.prepareStatement("UPDATE cluster_ruleset SET version = ?, seq = seq + 1, "
                    + "activated_at = ?, principal = ? WHERE id = 1 AND version IS NULL")) {
                s.setString(1, files.version());
                s.setObject(2, Instant.now().atOffset(ZoneOffset.UTC));
                s.setString(3, principal);
                updated = s.executeUpdate();
            }
            if (updated == 1) {
                notifyReplicas(c, files.version());
            }
            return updated == 1;
        });
    }

    /** Stored versions, newest first. */
    public List<String> versions() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT version FROM ruleset ORDER BY first_activated_at DESC, version");
                ResultSet rs = s.executeQuery()) {
            List<String> versions = new ArrayList<>();
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
            return versions;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list rule-set versions: " + e.getMessage(), e);
        }
    }

    private void notifyReplicas(Connection c, String version) throws SQLException {
        if (postgres) {
            try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                s.setString(1, CHANNEL);
                s.setString(2, version);
                s.execute();
            }
        }
    }

    private static Active readActive(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT version, seq, activated_at, principal FROM cluster_ruleset WHERE id = 1");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return new Active(rs.getString(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                    rs.getString(4));
        }
    }

    /** Inserts the version, its DRL and scenario files unless stored already (the archive's tables, shared). */
    private static void store(Connection c, RuleFiles files) throws SQLException {
        String version = files.version();
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM ruleset WHERE version = ?")) {
            s.setString(1, version);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO ruleset (version, first_activated_at, file_count) VALUES (?, ?, ?)")) {
            s.setString(1, version);
            s.setObject(2, Instant.now().atOffset(ZoneOffset.UTC));
            s.setInt(3, files.drl().size());
            s.executeUpdate();
        }
        insertFiles(c, "ruleset_file", version, files.drl());
        insertFiles(c, "ruleset_scenario", version, files.scenarios());
    }

    /** The files of a version into {@code table} (ruleset_file or ruleset_scenario); package-private for tests. */
    static void insertFiles(Connection c, String table, String version, Map<String, String> files)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO " + table + " (version, path, content) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                s.setString(1, version);
                s.setString(2, file.getKey());
                s.setString(3, file.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static SortedMap<String, String> read(Connection c, String table, String version) throws SQLException {
        SortedMap<String, String> files = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT path, content FROM " + table + " WHERE version = ? ORDER BY path")) {
            s.setString(1, version);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    files.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return files;
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change the cluster's rule set: " + e.getMessage(), e);
        }
    }
}
