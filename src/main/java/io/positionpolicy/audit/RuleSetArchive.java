package io.positionpolicy.audit;

import io.positionpolicy.rules.DecisionTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Every rule-set version that was ever active, with the full text of each file; each activation and each load,
 * validation or save attempt, both appended to their hash chains ({@link RuleSetLog}) so that verify proves who did
 * what.
 */
public final class RuleSetArchive {

    public record Activation(Instant activatedAt, String trigger, String principal, String instanceId) {
    }

    /** @param tables each {@code .drl.xlsx} workbook's table sheet as CSV (in {@code files} it is Base64) */
    public record ArchivedRuleSet(String version, Instant firstActivatedAt, SortedMap<String, String> files,
            List<Activation> activations, SortedMap<String, String> tables) {
        ArchivedRuleSet(String version, Instant firstActivatedAt, SortedMap<String, String> files,
                List<Activation> activations) {
            this(version, firstActivatedAt, files, activations, tablesOf(files));
        }

        private static SortedMap<String, String> tablesOf(SortedMap<String, String> files) {
            SortedMap<String, String> tables = new TreeMap<>();
            files.forEach((path, text) -> {
                if (DecisionTables.isWorkbook(path)) {
                    tables.put(path, DecisionTables.rendering(path, text));
                }
            });
            return tables;
        }
    }

    /** One activation in the history: which version went live, when, triggered how and by whom. */
    public record HistoryEntry(String version, Instant activatedAt, String trigger, String principal,
            String instanceId, int files) {
    }

    /**
     * One load, validation or refused save: when, how and by whom, its outcome, every problem found, and for a save
     * the file it would have written ({@code file}).
     */
    public record Operation(long id, Instant at, String trigger, String principal, String instanceId, String outcome,
            String version, int files, List<String> problems, String file) {
    }

    private final DataSource dataSource;

    public RuleSetArchive(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores the version's files (once) and appends this activation to its hash chain, in one transaction. The chain's
     * head is locked first, so replicas activating the same new version at once store it once.
     */
    public void recordActivation(String version, Map<String, String> files, String trigger, String principal,
            String instanceId) {
        Transactions.run(dataSource, "archive rule set " + version, connection -> {
            RuleSetLog.ACTIVATION.lock(connection);
            Instant now = RuleSetLog.micros(Instant.now()); // under the lock: chain order is time order
            if (!exists(connection, version)) {
                insertVersion(connection, version, files, now);
            }
            RuleSetLog.ACTIVATION.append(connection, Arrays.asList(version, now, trigger, principal, instanceId));
        });
    }

    public Optional<ArchivedRuleSet> find(String version) {
        try (Connection connection = dataSource.getConnection()) {
            Instant first;
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT first_activated_at FROM ruleset WHERE version = ?")) {
                s.setString(1, version);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    first = rs.getObject(1, OffsetDateTime.class).toInstant();
                }
            }
            SortedMap<String, String> files = new TreeMap<>();
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT path, content FROM ruleset_file WHERE version = ? ORDER BY path")) {
                s.setString(1, version);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        files.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            List<Activation> activations = new ArrayList<>();
            try (PreparedStatement s = connection.prepareStatement("SELECT activated_at, trigger_kind, principal, "
                    + "instance_id FROM ruleset_activation WHERE version = ? ORDER BY activated_at, id")) {
                s.setString(1, version);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        activations.add(new Activation(rs.getObject(1, OffsetDateTime.class).toInstant(),
                                rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            return Optional.of(new ArchivedRuleSet(version, first, files, activations));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read rule set " + version + ": " + e.getMessage(), e);
        }
    }

    /** Activations, newest first. */
    public List<HistoryEntry> history(int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement s = connection.prepareStatement("SELECT a.version, a.activated_at, a.trigger_kind, "
                        + "a.principal, a.instance_id, r.file_count FROM ruleset_activation a JOIN ruleset r "
                        + "ON r.version = a.version ORDER BY a.activated_at DESC, a.id DESC LIMIT " + limit)) {
            List<HistoryEntry> entries = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    entries.add(new HistoryEntry(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6)));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the rule-set history: " + e.getMessage(), e);
        }
    }

    /**
     * Appends one reload, validation or refused save to its hash chain ({@code file}: the file a save would have
     * written).
     */
    public void recordOperation(Instant at, String trigger, String principal, String instanceId, String outcome,
            String version, int files, List<String> problems, String file) {
        Transactions.run(dataSource, "record the rule-set " + trigger + " by " + principal, connection ->
                RuleSetLog.OPERATION.append(connection, Arrays.asList(RuleSetLog.micros(at), trigger, principal,
                        instanceId, outcome, version, files, String.join("\n", problems), file)));
    }

    /** Loads, validations and refused saves, newest first. */
    public List<Operation> operations(int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement s = connection.prepareStatement("SELECT id, at, trigger_kind, principal, "
                        + "instance_id, outcome, version, file_count, problems, file_path FROM ruleset_operation "
                        + "ORDER BY at DESC, id DESC LIMIT " + limit)) {
            List<Operation> operations = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String problems = rs.getString(9);
                    operations.add(new Operation(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getInt(8), problems.isEmpty() ? List.of() : List.of(problems.split("\n")),
                            rs.getString(10)));
                }
            }
            return operations;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the rule-set operations: " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection connection, String version) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT 1 FROM ruleset WHERE version = ?")) {
            s.setString(1, version);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void insertVersion(Connection connection, String version, Map<String, String> files, Instant now)
            throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "INSERT INTO ruleset (version, first_activated_at, file_count) VALUES (?, ?, ?)")) {
            s.setString(1, version);
            s.setObject(2, now.atOffset(ZoneOffset.UTC));
            s.setInt(3, files.size());
            s.executeUpdate();
        }
        try (PreparedStatement s = connection.prepareStatement(
                "INSERT INTO ruleset_file (version, path, content) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                s.setString(1, version);
                s.setString(2, file.getKey());
                s.setString(3, file.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
