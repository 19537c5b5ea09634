package io.positionpolicy.governance;

import io.positionpolicy.audit.Transactions;
import io.positionpolicy.governance.ChangeSet.Event;
import io.positionpolicy.governance.ChangeSet.State;
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
 * Change sets in the store. Every change happens in one transaction together with the event that records it, and
 * the event chain's head row is locked for it, so events from several replicas append one at a time and each
 * transition happens at most once (a stale {@code rowVersion} changes nothing).
 */
final class ChangeSetStore {
    private static final String COLUMNS = "id, title, description, author, kind, base_version, state, activate_at, "
            + "validated_digest, validation_json, impact_json, backtest_id, activated_version, created_at, "
            + "updated_at, row_version";

    private final DataSource dataSource;

    ChangeSetStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What a transition writes: the new row (null = unchanged), files to put (null text deletes), the event. */
    record Change(ChangeSet updated, Map<String, String> files, boolean replaceFiles, String action, State from,
            State to, String principal, String comment, String detail) {
    }

    /** Thrown when the change set moved on since it was read (a concurrent transition won). */
    static final class StaleException extends GovernanceException {
        StaleException(String id) {
            super(409, "change-set-conflict", "change set " + id + " was changed by someone else in the meantime; "
                    + "read it again");
        }
    }

    void insert(ChangeSet set, Change change) {
        Transactions.run(dataSource, "write the change-set store", connection -> {
            try (PreparedStatement s = connection.prepareStatement("INSERT INTO change_set (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(s, set);
                s.executeUpdate();
            }
            writeFiles(connection, set.id(), change.files(), true);
            writeReplaces(connection, set.id(), set.replaces(), Map.of(), change.files());
            ChangeSetEvents.append(connection, set.id(), change);
        });
    }

    /** Applies {@code change} if the stored row still has {@code expectedRowVersion}; else {@link StaleException}. */
    void update(ChangeSet current, Change change) {
        Transactions.run(dataSource, "write the change-set store", connection -> {
            ChangeSet next = change.updated();
            try (PreparedStatement s = connection.prepareStatement("UPDATE change_set SET title = ?, description = ?, "
                    + "base_version = ?, state = ?, activate_at = ?, validated_digest = ?, validation_json = ?, "
                    + "impact_json = ?, backtest_id = ?, activated_version = ?, updated_at = ?, row_version = ? "
                    + "WHERE id = ? AND row_version = ?")) {
                s.setString(1, next.title());
                s.setString(2, next.description());
                s.setString(3, next.baseVersion());
                s.setString(4, next.state().name());
                s.setObject(5, next.activateAt() == null ? null : next.activateAt().atOffset(ZoneOffset.UTC));
                s.setString(6, next.validatedDigest());
                s.setString(7, next.validation());
                s.setString(8, next.impact());
                s.setString(9, next.backtestId());
                s.setString(10, next.activatedVersion());
                s.setObject(11, next.updatedAt().atOffset(ZoneOffset.UTC));
                s.setLong(12, current.rowVersion() + 1);
                s.setString(13, current.id());
                s.setLong(14, current.rowVersion());
                if (s.executeUpdate() != 1) {
                    throw new StaleException(current.id());
                }
            }
            if (change.files() != null) {
                writeFiles(connection, current.id(), change.files(), change.replaceFiles());
            }
            writeReplaces(connection, current.id(), next.replaces(), current.replaces(),
                    change.files() == null ? Map.of() : change.files());
            if (change.action() != null) {
                ChangeSetEvents.append(connection, current.id(), change);
            }
        });
    }

    Optional<ChangeSet> find(String id) {
        try (Connection connection = dataSource.getConnection()) {
            ChangeSet row;
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM change_set WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    row = read(rs, new TreeMap<>(), List.of());
                }
            }
            SortedMap<String, String> files = new TreeMap<>();
            SortedMap<String, String> replaces = new TreeMap<>();
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT path, content, replaces FROM change_set_file WHERE change_set_id = ? ORDER BY path")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        files.put(rs.getString(1), rs.getString(2));
                        if (rs.getString(3) != null) {
                            replaces.put(rs.getString(1), rs.getString(3));
                        }
                    }
                }
            }
            return Optional.of(with(row, files, ChangeSetEvents.of(connection, id)).replacing(replaces));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read change set " + id + ": " + e.getMessage(), e);
        }
    }

    /** Change sets, newest first, without files and events; {@code state} and {@code author} filter when given. */
    List<ChangeSet> list(String state, String author, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM change_set WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state);
        }
        if (author != null) {
            sql.append(" AND author = ?");
            args.add(author);
        }
        sql.append(" ORDER BY created_at DESC, id LIMIT ").append(limit);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement s = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setString(i + 1, args.get(i));
            }
            List<ChangeSet> sets = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    sets.add(read(rs, new TreeMap<>(), List.of()));
                }
            }
            return sets;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list change sets: " + e.getMessage(), e);
        }
    }

    /** The first broken link of the event chain, or empty when every event is as it was written. */
    Optional<String> verifyEvents() {
        return ChangeSetEvents.verify(dataSource);
    }

    /** Change sets left ACTIVATING since before {@code touchedBefore}: an activation that did not finish. */
    List<String> activatingSince(Instant touchedBefore) {
        return ids("SELECT id FROM change_set WHERE state = ? AND updated_at < ? ORDER BY updated_at, id",
                State.ACTIVATING, touchedBefore);
    }

    /** Approved change sets whose activation time has come, oldest first. */
    List<String> due(Instant now) {
        return ids("SELECT id FROM change_set WHERE state = ? AND activate_at IS NOT NULL AND activate_at <= ? "
                + "ORDER BY activate_at, id", State.APPROVED, now);
    }

    private List<String> ids(String sql, State state, Instant at) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement s = connection.prepareStatement(sql)) {
            s.setString(1, state.name());
            s.setObject(2, at.atOffset(ZoneOffset.UTC));
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + state + " change sets: " + e.getMessage(), e);
        }
    }

    private static void writeFiles(Connection connection, String id, Map<String, String> files, boolean replace)
            throws SQLException {
        if (replace) {
            try (PreparedStatement s = connection.prepareStatement(
                    "DELETE FROM change_set_file WHERE change_set_id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            try (PreparedStatement s = connection.prepareStatement(
                    "DELETE FROM change_set_file WHERE change_set_id = ? AND path = ?")) {
                s.setString(1, id);
                s.setString(2, file.getKey());
                s.executeUpdate();
            }
            try (PreparedStatement s = connection.prepareStatement(
                    "INSERT INTO change_set_file (change_set_id, path, content) VALUES (?, ?, ?)")) {
                s.setString(1, id);
                s.setString(2, file.getKey());
                s.setString(3, file.getValue());
                s.executeUpdate();
            }
        }
    }

    /**
     * Stores what each file replaces where that changed, and for every file just written (writing a file's row
     * anew forgets it).
     */
    private static void writeReplaces(Connection connection, String id, Map<String, String> replaces,
            Map<String, String> before, Map<String, String> written) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "UPDATE change_set_file SET replaces = ? WHERE change_set_id = ? AND path = ?")) {
            for (Map.Entry<String, String> file : replaces.entrySet()) {
                if (written.containsKey(file.getKey()) || !file.getValue().equals(before.get(file.getKey()))) {
                    s.setString(1, file.getValue());
                    s.setString(2, id);
                    s.setString(3, file.getKey());
                    s.addBatch();
                }
            }
            s.executeBatch();
        }
    }

    private static void bind(PreparedStatement s, ChangeSet set) throws SQLException {
        s.setString(1, set.id());
        s.setString(2, set.title());
        s.setString(3, set.description());
        s.setString(4, set.author());
        s.setString(5, set.kind());
        s.setString(6, set.baseVersion());
        s.setString(7, set.state().name());
        s.setObject(8, set.activateAt() == null ? null : set.activateAt().atOffset(ZoneOffset.UTC));
        s.setString(9, set.validatedDigest());
        s.setString(10, set.validation());
        s.setString(11, set.impact());
        s.setString(12, set.backtestId());
        s.setString(13, set.activatedVersion());
        s.setObject(14, set.createdAt().atOffset(ZoneOffset.UTC));
        s.setObject(15, set.updatedAt().atOffset(ZoneOffset.UTC));
        s.setLong(16, set.rowVersion());
    }

    private static ChangeSet read(ResultSet rs, SortedMap<String, String> files, List<Event> events)
            throws SQLException {
        OffsetDateTime activateAt = rs.getObject(8, OffsetDateTime.class);
        return new ChangeSet(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), State.valueOf(rs.getString(7)), activateAt == null ? null : activateAt.toInstant(),
                rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                rs.getObject(14, OffsetDateTime.class).toInstant(), rs.getObject(15, OffsetDateTime.class).toInstant(),
                rs.getLong(16), files, new TreeMap<>(), events);
    }

    static ChangeSet with(ChangeSet s, SortedMap<String, String> files, List<Event> events) {
        return new ChangeSet(s.id(), s.title(), s.description(), s.author(), s.kind(), s.baseVersion(), s.state(),
                s.activateAt(), s.validatedDigest(), s.validation(), s.impact(), s.backtestId(), s.activatedVersion(),
                s.createdAt(), s.updatedAt(), s.rowVersion(), files, s.replaces(), events);
    }
}
