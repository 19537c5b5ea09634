package io.positionpolicy.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks one decision chain in sequence order and checks that each row still hashes to its stored hash, points at its
 * predecessor's hash, follows it without a gap, that its {@code rule_names} (what the rule filter reads) names the
 * rules of its hashed {@code fired_rules} and its violation rows are its codes; and that the chain ends where its head
 * says. Stops at the first broken row: a chain of millions is walked page by page, and past a break every later row
 * is suspect anyway.
 */
final class DecisionChainWalk {
    private static final int PAGE = 1000;

    private final Connection connection;
    private final String chain;
    private final ChainHash hasher = new ChainHash();
    /** The {@code rule_names} column of the current page's records, by id. */
    private final Map<String, String> ruleNames = new HashMap<>();
    long checked;

    DecisionChainWalk(Connection connection, String chain) {
        this.connection = connection;
        this.chain = chain;
    }

    /** The first problem of the chain, or null when it is intact. */
    ChainVerifier.Problem run() throws SQLException {
        long expectedSeq = 1;
        String previousHash = ChainHash.GENESIS;
        String previousId = null;
        while (true) {
            List<AuditRow> page = page(expectedSeq - 1);
            if (page.isEmpty()) {
                break;
            }
            Map<String, List<String>> violations = violations(page);
            for (AuditRow row : page) {
                String problem = check(row, expectedSeq, previousHash, violations);
                if (problem != null) {
                    return new ChainVerifier.Problem(row.id(), "chain " + chain + ": " + problem);
                }
                checked++;
                expectedSeq++;
                previousHash = row.hash();
                previousId = row.id();
            }
        }
        return checkHead(expectedSeq - 1, previousHash, previousId);
    }

    private String check(AuditRow row, long expectedSeq, String previousHash,
            Map<String, List<String>> violations) {
        if (row.chainSeq() != expectedSeq) {
            return "record " + expectedSeq + (row.chainSeq() > expectedSeq + 1
                    ? " to " + (row.chainSeq() - 1) + " are" : " is") + " missing before record "
                    + row.chainSeq();
        }
        if (!row.prevHash().equals(previousHash)) {
            return "record " + row.chainSeq() + " does not point at its predecessor's hash (removed, "
                    + "inserted or reordered records)";
        }
        if (!hasher.of(row).equals(row.hash())) {
            return "record " + row.chainSeq() + " was changed after it was written (its content no longer "
                    + "matches its hash)";
        }
        if (!AuditColumns.ruleNames(row.firedRuleNames()).equals(ruleNames.get(row.id()))) {
            return "the rule names of record " + row.chainSeq() + " (what the rule filter reads) no longer match "
                    + "its fired rules";
        }
        if (!row.violations().equals(violations.getOrDefault(row.id(), List.of()))) {
            return "the violation index of record " + row.chainSeq() + " was changed";
        }
        return null;
    }

    private ChainVerifier.Problem checkHead(long lastSeq, String lastHash, String lastId) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT last_seq, last_hash FROM audit_chain_head WHERE chain_id = ?")) {
            s.setString(1, chain);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return new ChainVerifier.Problem(lastId, "chain " + chain + " has no head record");
                }
                if (rs.getLong(1) != lastSeq || !rs.getString(2).equals(lastHash)) {
                    return new ChainVerifier.Problem(lastId, "chain " + chain + " ends at record " + lastSeq
                            + " but its head says " + rs.getLong(1) + ": the newest records are missing or "
                            + "were replaced");
                }
            }
        }
        return null;
    }

    /**
     * The records after {@code afterSeq}, at most a page: a bounded range of the (chain_id, chain_seq) key, so each
     * page reads only its own rows (an open range with ORDER BY and LIMIT made H2 sort the rest of the chain for
     * every page). Past a gap of a page or more, it continues from the next record that exists.
     */
    private List<AuditRow> page(long afterSeq) throws SQLException {
        List<AuditRow> rows = range(afterSeq);
        if (rows.isEmpty()) {
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT MIN(chain_seq) FROM audit_evaluation WHERE chain_id = ? AND chain_seq > ?")) {
                s.setString(1, chain);
                s.setLong(2, afterSeq);
                try (ResultSet rs = s.executeQuery()) {
                    long next = rs.next() ? rs.getLong(1) : 0;
                    if (next > 0) {
                        rows = range(next - 1);
                    }
                }
            }
        }
        return rows;
    }

    private List<AuditRow> range(long afterSeq) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT " + AuditColumns.NAMES + ", "
                + AuditColumns.RULE_NAMES + " FROM audit_evaluation WHERE chain_id = ? AND chain_seq > ? "
                + "AND chain_seq <= ? ORDER BY chain_seq")) {
            s.setString(1, chain);
            s.setLong(2, afterSeq);
            s.setLong(3, afterSeq + PAGE);
            List<AuditRow> rows = new ArrayList<>(PAGE);
            ruleNames.clear();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    AuditRow row = AuditColumns.read(rs);
                    rows.add(row);
                    ruleNames.put(row.id(), rs.getString(AuditColumns.ALL.size() + 1));
                }
            }
            return rows;
        }
    }

    /**
     * The violation rows of this page's records, looked up by their primary key (evaluation id): a join on the
     * chain position instead lets the planner scan the whole table for every page.
     */
    private Map<String, List<String>> violations(List<AuditRow> page) throws SQLException {
        Map<String, List<String>> byId = new HashMap<>();
        String ids = String.join(", ", java.util.Collections.nCopies(page.size(), "?"));
        try (PreparedStatement s = connection.prepareStatement("SELECT evaluation_id, code FROM audit_violation "
                + "WHERE evaluation_id IN (" + ids + ") ORDER BY evaluation_id, ordinal")) {
            for (int i = 0; i < page.size(); i++) {
                s.setString(i + 1, page.get(i).id());
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    byId.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return byId;
    }
}
