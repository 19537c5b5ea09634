package io.positionpolicy.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The two hash chains of the rule-set history (V12): {@link #ACTIVATION}, who took which version live, when, by which
 * trigger, on which replica ({@code ruleset_activation}); and {@link #OPERATION}, every load, validation and save
 * attempt, refused ones included, with its caller and file ({@code ruleset_operation}). Both answer "who changed the
 * rules", so both are chained like the change-set events: a row's hash is {@link CanonicalHash} over the chain's name,
 * its place in the chain, its columns and the hash of the row before; each append locks the chain's head row
 * ({@code ruleset_chain_head}, SELECT ... FOR UPDATE), so appends from every replica on one PostgreSQL form one chain.
 * Operations are chained too although a refused save changed nothing: deleting the record of a refused attempt, or
 * of the validation that preceded a save, would otherwise go unnoticed; they are rare (people and reloads, never the
 * order path), so the lock costs nothing that matters.
 */
public enum RuleSetLog {
    ACTIVATION("activation", "ruleset_activation", List.of(text("version"), time("activated_at"),
            text("trigger_kind"), text("principal"), text("instance_id"))),
    OPERATION("operation", "ruleset_operation", List.of(time("at"), text("trigger_kind"), text("principal"),
            text("instance_id"), text("outcome"), text("version"), number("file_count"), text("problems"),
            text("file_path")));

    /** A column of the chained row; timestamps are hashed as {@link Instant#toString()} of microseconds. */
    record Column(String name, char kind) {
        String canonical(Object value) {
            if (value == null) {
                return null;
            }
            return kind == 't' ? ((Instant) value).toString() : value.toString();
        }

        String read(ResultSet rs, int index) throws SQLException {
            return switch (kind) {
                case 't' -> canonical(rs.getObject(index, OffsetDateTime.class).toInstant());
                case 'n' -> Long.toString(rs.getLong(index));
                default -> rs.getString(index);
            };
        }

        void bind(PreparedStatement s, int index, Object value) throws SQLException {
            switch (kind) {
                case 't' -> s.setObject(index, ((Instant) value).atOffset(ZoneOffset.UTC));
                case 'n' -> s.setLong(index, ((Number) value).longValue());
                default -> s.setString(index, (String) value);
            }
        }
    }

    /** What the chain's head says: its last row, and the rows written before it existed and sealed into it. */
    record Head(long lastSeq, String lastHash, long recordedBeforeId, Instant sealedAt, long sealedRows) {
    }

    final String chain;
    final String table;
    final List<Column> columns;

    RuleSetLog(String chain, String table, List<Column> columns) {
        this.chain = chain;
        this.table = table;
        this.columns = columns;
    }

    /** What verify calls one row of this chain: "activation", "operation". */
    public String noun() {
        return chain;
    }

    /** The columns of a row, comma-separated, in hashing order. */
    String columnNames() {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    /** The hash of a row: the chain's name, the row's place, its columns in order, the hash of the row before. */
    String hash(long seq, List<String> canonicalValues, String previousHash) {
        List<String> fields = new ArrayList<>(canonicalValues.size() + 3);
        fields.add(chain);
        fields.add(Long.toString(seq));
        fields.addAll(canonicalValues);
        fields.add(previousHash);
        return CanonicalHash.of(fields);
    }

    /** The values as hashed; an {@link Instant} is cut to the microseconds the column keeps. */
    private List<String> canonical(List<Object> values) {
        List<String> text = new ArrayList<>(values.size());
        for (int i = 0; i < columns.size(); i++) {
            text.add(columns.get(i).canonical(values.get(i)));
        }
        return text;
    }

    /**
     * Appends a row with {@code values} (one per column, timestamps as microsecond {@link Instant}s) in the caller's
     * transaction: locks the head, seals any rows from before the chain first, inserts, moves the head.
     */
    void append(Connection connection, List<Object> values) throws SQLException {
        Head head = lock(connection);
        if (head.sealedAt() == null) {
            head = seal(connection, head);
        }
        long seq = head.lastSeq() + 1;
        String hash = hash(seq, canonical(values), head.lastHash());
        String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO " + table + " (" + columnNames()
                + ", chain_seq, prev_hash, hash) VALUES (" + marks + ", ?, ?, ?)")) {
            for (int i = 0; i < columns.size(); i++) {
                columns.get(i).bind(s, i + 1, values.get(i));
            }
            s.setLong(columns.size() + 1, seq);
            s.setString(columns.size() + 2, head.lastHash());
            s.setString(columns.size() + 3, hash);
            s.executeUpdate();
        }
        moveHead(connection, seq, hash);
    }

    /** Microseconds, what a {@code TIMESTAMP(6)} keeps, so that the hashed instant is the stored one. */
    static Instant micros(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Seals the rows written before V12 into both chains, once, right after the migration (every start calls it; all
     * but the first find the chains sealed). Taking the head lock first makes replicas starting together seal once.
     */
    static void sealRowsFromBeforeTheChain(DataSource dataSource) {
        Transactions.run(dataSource, "seal the rule-set history into its hash chains", connection -> {
            for (RuleSetLog log : values()) {
                Head head = log.lock(connection);
                if (head.sealedAt() == null) {
                    log.seal(connection, head);
                }
            }
        });
    }

    /**
     * Chains the rows written before the chain existed ({@code id <= recorded_before_id}, in the order they were
     * written) and records when and how many. Their hash proves they have not changed since the sealing, and no
     * more: what happened to them before it, nothing can tell; verify says so.
     */
    private Head seal(Connection connection, Head head) throws SQLException {
        long seq = head.lastSeq();
        String previous = head.lastHash();
        List<Object[]> sealed = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT id, " + columnNames() + " FROM " + table
                + " WHERE chain_seq IS NULL AND id <= ? ORDER BY id")) {
            s.setLong(1, head.recordedBeforeId());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    List<String> values = new ArrayList<>(columns.size());
                    for (int i = 0; i < columns.size(); i++) {
                        values.add(columns.get(i).read(rs, i + 2));
                    }
                    seq++;
                    String hash = hash(seq, values, previous);
                    sealed.add(new Object[] {rs.getLong(1), seq, previous, hash});
                    previous = hash;
                }
            }
        }
        try (PreparedStatement s = connection.prepareStatement(
                "UPDATE " + table + " SET chain_seq = ?, prev_hash = ?, hash = ? WHERE id = ?")) {
            for (Object[] row : sealed) {
                s.setLong(1, (Long) row[1]);
                s.setString(2, (String) row[2]);
                s.setString(3, (String) row[3]);
                s.setLong(4, (Long) row[0]);
                s.addBatch();
            }
            s.executeBatch();
        }
        Instant now = micros(Instant.now());
        try (PreparedStatement s = connection.prepareStatement("UPDATE ruleset_chain_head SET last_seq = ?, "
                + "last_hash = ?, sealed_at = ?, sealed_rows = ? WHERE chain = ?")) {
            s.setLong(1, seq);
            s.setString(2, previous);
            s.setObject(3, now.atOffset(ZoneOffset.UTC));
            s.setLong(4, sealed.size());
            s.setString(5, chain);
            s.executeUpdate();
        }
        return new Head(seq, previous, head.recordedBeforeId(), now, sealed.size());
    }

    /** Locks the chain's head row until the transaction ends; replicas append one at a time behind it. */
    Head lock(Connection connection) throws SQLException {
        Head head = readHead(connection, " FOR UPDATE");
        if (head == null) {
            throw new IllegalStateException("the head of the rule-set " + chain + " chain (ruleset_chain_head) is "
                    + "missing: it was deleted outside the service, and nothing is appended to a chain without one");
        }
        return head;
    }

    /** The head as it is (verify), or locked for an append ({@code suffix} " FOR UPDATE"). */
    Head readHead(Connection connection, String suffix) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT last_seq, last_hash, recorded_before_id, "
                + "sealed_at, sealed_rows FROM ruleset_chain_head WHERE chain = ?" + suffix)) {
            s.setString(1, chain);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                OffsetDateTime sealedAt = rs.getObject(4, OffsetDateTime.class);
                return new Head(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        sealedAt == null ? null : sealedAt.toInstant(), rs.getLong(5));
            }
        }
    }

    private void moveHead(Connection connection, long seq, String hash) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "UPDATE ruleset_chain_head SET last_seq = ?, last_hash = ? WHERE chain = ?")) {
            s.setLong(1, seq);
            s.setString(2, hash);
            s.setString(3, chain);
            s.executeUpdate();
        }
    }

    private static Column text(String name) {
        return new Column(name, 's');
    }

    private static Column time(String name) {
        return new Column(name, 't');
    }

    private static Column number(String name) {
        return new Column(name, 'n');
    }
}
