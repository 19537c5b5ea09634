package io.positionpolicy.governance;

import io.positionpolicy.audit.CanonicalHash;
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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The change-set events: one hash chain for the whole store (the canonical encoding of {@link CanonicalHash}), its
 * head row locked by each append so that replicas append one at a time, and the walk that verifies it.
 */
final class ChangeSetEvents {
    private ChangeSetEvents() {
    }

    static void append(Connection connection, String id, ChangeSetStore.Change change) throws SQLException {
        long seq;
        String previous;
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT last_seq, last_hash FROM change_set_chain_head WHERE id = 1 FOR UPDATE");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            seq = rs.getLong(1) + 1;
            previous = rs.getString(2);
        }
        Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        String[] fields = {Long.toString(seq), id, at.toString(), change.principal(), change.action(),
            change.from() == null ? null : change.from().name(), change.to().name(),
            change.comment() == null ? "" : change.comment(), change.detail() == null ? "" : change.detail(), previous};
        String hash = CanonicalHash.of(Arrays.asList(fields));
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO change_set_event (seq, change_set_id, at, "
                + "principal, action, from_state, to_state, comment, detail, prev_hash, hash) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, seq);
            s.setString(2, id);
            s.setObject(3, at.atOffset(ZoneOffset.UTC));
            for (int i = 3; i < fields.length; i++) {
                s.setString(i + 1, fields[i]);
            }
            s.setString(11, hash);
            s.executeUpdate();
        }
        try (PreparedStatement s = connection.prepareStatement(
                "UPDATE change_set_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
            s.setLong(1, seq);
            s.setString(2, hash);
            s.executeUpdate();
        }
    }

    static List<Event> of(Connection connection, String id) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT seq, at, principal, action, from_state, "
                + "to_state, comment, detail, hash FROM change_set_event WHERE change_set_id = ? ORDER BY seq")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new Event(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getString(3), rs.getString(4),
                            rs.getString(5) == null ? null : State.valueOf(rs.getString(5)),
                            State.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8), rs.getString(9)));
                }
            }
        }
        return events;
    }

    /** Walks the whole event chain; the first broken link, or empty when every event is as it was written. */
    static Optional<String> verify(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement s = connection.prepareStatement("SELECT seq, change_set_id, at, principal, action, "
                        + "from_state, to_state, comment, detail, prev_hash, hash FROM change_set_event ORDER BY seq");
                ResultSet rs = s.executeQuery()) {
            String previous = CanonicalHash.GENESIS;
            long expected = 1;
            while (rs.next()) {
                long seq = rs.getLong(1);
                if (seq != expected) {
                    return Optional.of("change-set event " + expected + " is missing");
                }
                String[] fields = {Long.toString(seq), rs.getString(2),
                    rs.getObject(3, OffsetDateTime.class).toInstant().toString(), rs.getString(4), rs.getString(5),
                    rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)};
                if (!fields[9].equals(previous)) {
                    return Optional.of("change-set event " + seq + " does not point at its predecessor");
                }
                if (!CanonicalHash.of(Arrays.asList(fields)).equals(rs.getString(11))) {
                    return Optional.of("change-set event " + seq + " was changed after it was written");
                }
                previous = rs.getString(11);
                expected++;
            }
            try (PreparedStatement head = connection.prepareStatement(
                    "SELECT last_seq, last_hash FROM change_set_chain_head WHERE id = 1");
                    ResultSet h = head.executeQuery()) {
                if (!h.next() || h.getLong(1) != expected - 1 || !h.getString(2).equals(previous)) {
                    return Optional.of("the change-set event chain was cut after event " + (expected - 1));
                }
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot verify change-set events: " + e.getMessage(), e);
        }
    }
}
