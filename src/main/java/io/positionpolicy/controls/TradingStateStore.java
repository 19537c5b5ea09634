package io.positionpolicy.controls;

import io.positionpolicy.model.ControlScope;
import io.positionpolicy.model.TradingStatus;
import io.positionpolicy.model.facts.TradingState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The trading states and their change log in the shared database (PostgreSQL, or H2 in PostgreSQL mode). A change
 * locks the chain's head row, so changes made through any replica form one hash chain and one change counter
 * ({@code seq}) that replicas poll.
 */
public final class TradingStateStore {
    private final DataSource dataSource;

    public TradingStateStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A consistent view: the states in force and the change counter they reflect. */
    public record Snapshot(long seq, List<TradingState> states) {
    }

    /** The newest change's seq (0 before the first change). */
    public long lastSeq() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT last_seq FROM trading_state_head WHERE id = 1");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    public Snapshot snapshot() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long seq;
                try (PreparedStatement s = c.prepareStatement("SELECT last_seq FROM trading_state_head WHERE id = 1");
                        ResultSet rs = s.executeQuery()) {
                    seq = rs.next() ? rs.getLong(1) : 0;
                }
                List<TradingState> states = readStates(c);
                c.commit();
                return new Snapshot(seq, List.copyOf(states));
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Sets (or, with ACTIVE, clears) one scope's state and records the change, in one transaction. */
    public StateChange apply(StateChangeRequest request, String principal, String instanceId) throws SQLException {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long lastSeq;
                String lastHash;
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT last_seq, last_hash FROM trading_state_head WHERE id = 1 FOR UPDATE");
                        ResultSet rs = s.executeQuery()) {
                    rs.next();
                    lastSeq = rs.getLong(1);
                    lastHash = rs.getString(2);
                }
                TradingStatus old = current(c, request);
                try (PreparedStatement s = c.prepareStatement(
                        "DELETE FROM trading_state WHERE scope = ? AND account_id = ? AND symbol = ?")) {
                    bindScope(s, 1, request);
                    s.executeUpdate();
                }
                if (request.state() != TradingStatus.ACTIVE) {
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO trading_state (scope, account_id, symbol,"
                            + " state, reason, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        bindScope(s, 1, request);
                        s.setString(4, request.state().name());
                        s.setString(5, request.reason());
                        s.setString(6, principal);
                        s.setTimestamp(7, Timestamp.from(at));
                        s.executeUpdate();
                    }
                }
                StateChange change = new StateChange(lastSeq + 1, at, principal, instanceId, request.scope(),
                        request.accountId(), request.symbol(), old, request.state(), request.reason(), lastHash, null)
                        .withHash();
                insert(c, change);
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE trading_state_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
                    s.setLong(1, change.seq());
                    s.setString(2, change.hash());
                    s.executeUpdate();
                }
                c.commit();
                return change;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The newest {@code limit} changes, newest first. */
    public List<StateChange> changes(int limit) throws SQLException {
        return readChanges("SELECT " + COLUMNS + " FROM trading_state_change ORDER BY seq DESC LIMIT " + limit);
    }

    /** What verification reads, at one point of the log: every change oldest first, the head and the states in force. */
    record Recorded(List<StateChange> changes, String[] head, List<TradingState> states) {
    }

    /**
     * Every change, the head and the states in force, read while the head is locked, so that no change commits in
     * between and the states are exactly those the changes leave.
     */
    Recorded recorded() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String[] head;
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT last_seq, last_hash FROM trading_state_head WHERE id = 1 FOR UPDATE");
                        ResultSet rs = s.executeQuery()) {
                    rs.next();
                    head = new String[] {Long.toString(rs.getLong(1)), rs.getString(2)};
                }
                List<StateChange> changes = readChanges(c, "SELECT " + COLUMNS
                        + " FROM trading_state_change ORDER BY seq");
                List<TradingState> states = readStates(c);
                c.commit();
                return new Recorded(changes, head, states);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static final String COLUMNS = "seq, changed_at, principal, instance_id, scope, account_id, symbol,"
            + " old_state, new_state, reason, prev_hash, hash";

    private List<StateChange> readChanges(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return readChanges(c, sql);
        }
    }

    private static List<StateChange> readChanges(Connection c, String sql) throws SQLException {
        List<StateChange> changes = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                changes.add(new StateChange(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), ControlScope.valueOf(rs.getString(5)), key(rs.getString(6)),
                        key(rs.getString(7)), TradingStatus.valueOf(rs.getString(8)),
                        TradingStatus.valueOf(rs.getString(9)), rs.getString(10), rs.getString(11), rs.getString(12)));
            }
        }
        return changes;
    }

    private static List<TradingState> readStates(Connection c) throws SQLException {
        List<TradingState> states = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT scope, account_id, symbol, state, reason, set_by,"
                + " set_at FROM trading_state ORDER BY scope, account_id, symbol");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                ControlScope scope = ControlScope.valueOf(rs.getString(1));
                states.add(new TradingState(scope, key(rs.getString(2)), key(rs.getString(3)),
                        TradingStatus.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6),
                        rs.getTimestamp(7).toInstant()));
            }
        }
        return states;
    }

    private static TradingStatus current(Connection c, StateChangeRequest request) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT state FROM trading_state WHERE scope = ? AND account_id = ? AND symbol = ?")) {
            bindScope(s, 1, request);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? TradingStatus.valueOf(rs.getString(1)) : TradingStatus.ACTIVE;
            }
        }
    }

    private static void insert(Connection c, StateChange change) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO trading_state_change (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, change.seq());
            s.setTimestamp(2, Timestamp.from(change.changedAt()));
            s.setString(3, change.principal());
            s.setString(4, change.instanceId());
            s.setString(5, change.scope().name());
            s.setString(6, change.accountId() == null ? "" : change.accountId());
            s.setString(7, change.symbol() == null ? "" : change.symbol());
            s.setString(8, change.oldState().name());
            s.setString(9, change.newState().name());
            s.setString(10, change.reason());
            s.setString(11, change.prevHash());
            s.setString(12, change.hash());
            s.executeUpdate();
        }
    }

    private static void bindScope(PreparedStatement s, int from, StateChangeRequest r) throws SQLException {
        s.setString(from, r.scope().name());
        s.setString(from + 1, r.accountId() == null ? "" : r.accountId());
        s.setString(from + 2, r.symbol() == null ? "" : r.symbol());
    }

    private static String key(String stored) {
        return stored == null || stored.isEmpty() ? null : stored;
    }
}
