package io.positionpolicy.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies one chain of the rule-set history ({@link RuleSetLog}) from its first row: each row still hashes to its
 * hash, points at the hash of the row before, follows it without a gap, the head names the last row, and no row stands
 * outside the chain. Unlike the decision chains it goes on past a broken row, naming each (up to {@link #LIMIT}): these
 * chains are short, and "who took which rule set live" is the question a compliance officer asks of each row.
 */
final class RuleSetLogWalk {
    /** Problems named per chain; beyond it, a count. */
    static final int LIMIT = 20;

    private final Connection connection;
    private final RuleSetLog log;
    private final List<ChainVerifier.Problem> problems = new ArrayList<>();
    private long unnamed;

    RuleSetLogWalk(Connection connection, RuleSetLog log) {
        this.connection = connection;
        this.log = log;
    }

    List<ChainVerifier.Problem> problems() {
        List<ChainVerifier.Problem> all = new ArrayList<>(problems);
        if (unnamed > 0) {
            all.add(new ChainVerifier.Problem(log.noun() + " chain", "and " + unnamed + " more problems in the " + log.noun()
                    + " chain"));
        }
        return all;
    }

    ChainVerifier.LogCheck run() throws SQLException {
        long checked = 0;
        long expected = 1;
        String previous = CanonicalHash.GENESIS;
        try (PreparedStatement s = connection.prepareStatement("SELECT id, " + log.columnNames() + ", chain_seq, "
                + "prev_hash, hash FROM " + log.table + " WHERE chain_seq IS NOT NULL ORDER BY chain_seq")) {
            s.setFetchSize(1000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    List<String> values = values(rs);
                    int at = log.columns.size() + 2;
                    long seq = rs.getLong(at);
                    String prevHash = rs.getString(at + 1);
                    String hash = rs.getString(at + 2);
                    String name = log.noun() + " " + seq;
                    boolean gap = seq != expected;
                    if (gap) {
                        add(log.noun() + " " + expected, log.noun() + (seq > expected + 1 ? "s " + expected + " to "
                                + (seq - 1) + " are" : " " + expected + " is") + " missing from the " + log.noun()
                                + " chain before " + name + " (deleted)");
                    } else if (!previous.equals(prevHash)) {
                        add(name, name + " (" + describe(values) + ") does not point at the hash of the "
                                + log.noun() + " before it (one was removed, inserted or reordered)");
                    }
                    if (!log.hash(seq, values, prevHash).equals(hash)) {
                        add(name, name + " was changed after it was recorded: it now reads " + describe(values)
                                + ", which no longer matches its hash");
                    }
                    checked++;
                    expected = seq + 1;
                    previous = hash;
                }
            }
        }
        RuleSetLog.Head head = log.readHead(connection, "");
        if (head == null) {
            add(log.noun() + " chain", "the head of the " + log.noun() + " chain (ruleset_chain_head) was deleted");
        } else if (head.lastSeq() != expected - 1 || !head.lastHash().equals(previous)) {
            add(log.noun() + " " + head.lastSeq(), "the " + log.noun() + " chain ends at " + log.noun() + " "
                    + (expected - 1) + " but its head names " + log.noun() + " " + head.lastSeq()
                    + (head.lastSeq() > expected - 1 ? ": the newest were deleted" : ": it was replaced or extended "
                    + "outside the service"));
        }
        outsideTheChain();
        return new ChainVerifier.LogCheck(checked, head == null ? 0 : head.sealedRows(), head == null ? null : head.sealedAt());
    }

    /** Rows without a place in the chain: inserted outside the service, or by a replica of a version before V12. */
    private void outsideTheChain() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT id, " + log.columnNames() + " FROM "
                + log.table + " WHERE chain_seq IS NULL ORDER BY id")) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String name = log.noun() + " id " + rs.getLong(1);
                    add(name, name + " (" + describe(values(rs)) + ") is not in the " + log.noun() + " chain: it was "
                            + "inserted outside the service, or by a replica still running a version before V12");
                }
            }
        }
    }

    private List<String> values(ResultSet rs) throws SQLException {
        List<String> values = new ArrayList<>(log.columns.size());
        for (int i = 0; i < log.columns.size(); i++) {
            values.add(log.columns.get(i).read(rs, i + 2));
        }
        return values;
    }

    /** The row's columns as "name=value, ...", so that the report says which row it is without a query. */
    private String describe(List<String> values) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(log.columns.get(i).name()).append('=')
                    .append(value.length() > 120 ? value.substring(0, 120) + "…" : value);
        }
        return text.toString();
    }

    private void add(String id, String reason) {
        if (problems.size() < LIMIT) {
            problems.add(new ChainVerifier.Problem(id, reason));
        } else {
            unnamed++;
        }
    }
}
