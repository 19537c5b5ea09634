package io.positionpolicy.audit;

import io.positionpolicy.rules.DecisionTables;
import io.positionpolicy.rules.RuleSources;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Walks every chain in sequence order and checks that each row still hashes to its stored hash, points at its
 * predecessor's hash, follows it without a gap, that its {@code rule_names} (what the rule filter reads) names the
 * rules of its hashed {@code fired_rules} and its violation rows are its codes; and that the chain ends where its
 * head says. Stops at the first broken row. Then checks that every archived rule set's files still hash to its
 * version.
 */
public final class ChainVerifier {
    private static final int PAGE = 1000;

    /**
     * {@code firstBrokenId} is the first row found wrong (or, for a truncated chain, the last row left; for an
     * archived rule set that was changed, its version).
     */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ChainVerification")
    public record Result(boolean ok, long checked, int chains, String firstBrokenId, String reason) {
    }

    private final DataSource dataSource;

    public ChainVerifier(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Result verify() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            long checked = 0;
            List<String> chains = chains(connection);
            for (String chain : chains) {
                ChainWalk walk = new ChainWalk(connection, chain);
                Result broken = walk.run();
                checked += walk.checked;
                if (broken != null) {
                    connection.rollback();
                    return new Result(false, checked, chains.size(), broken.firstBrokenId(), broken.reason());
                }
            }
            Result archive = checkArchive(connection, checked, chains.size());
            connection.rollback();
            return archive != null ? archive : new Result(true, checked, chains.size(), null, null);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit trail: " + e.getMessage(), e);
        }
    }

    /**
     * Each archived rule-set version's rule files must still hash to its version (the SHA-256 every decision carries):
     * the archive is what answers "which rule text made this decision", so a rule edited there after the fact is
     * tampering with the trail. {@code firstBrokenId} is then the version.
     */
    private static Result checkArchive(Connection connection, long checked, int chains) throws SQLException {
        SortedMap<String, SortedMap<String, String>> versions = new TreeMap<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT version FROM ruleset ORDER BY version");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                versions.put(rs.getString(1), new TreeMap<>());
            }
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT version, path, content FROM ruleset_file");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String path = rs.getString(2);
                SortedMap<String, String> files = versions.get(rs.getString(1));
                if (files != null && (path.endsWith(".drl") || DecisionTables.isTable(path))) {
                    files.put(path, rs.getString(3));
                }
            }
        }
        for (Map.Entry<String, SortedMap<String, String>> version : versions.entrySet()) {
            if (!RuleSources.version(version.getValue()).equals(version.getKey())) {
                return new Result(false, checked, chains, version.getKey(), "rule set " + version.getKey()
                        + " in the archive was changed after it was archived: its rule files no longer hash to its "
                        + "version");
            }
        }
        return null;
    }

    private static List<String> chains(Connection connection) throws SQLException {
        Set<String> chains = new LinkedHashSet<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT chain_id FROM audit_chain_head UNION SELECT DISTINCT chain_id FROM audit_evaluation "
                        + "ORDER BY 1");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                chains.add(rs.getString(1));
            }
        }
        return new ArrayList<>(chains);
    }

    private static final class ChainWalk {
        private final Connection connection;
        private final String chain;
        private final ChainHash hasher = new ChainHash();
        /** The {@code rule_names} column of the current page's records, by id. */
        private final Map<String, String> ruleNames = new HashMap<>();
        private long checked;

        ChainWalk(Connection connection, String chain) {
            this.connection = connection;
            this.chain = chain;
        }

        Result run() throws SQLException {
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
                        return new Result(false, checked, 1, row.id(), "chain " + chain + ": " + problem);
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

        private Result checkHead(long lastSeq, String lastHash, String lastId) throws SQLException {
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT last_seq, last_hash FROM audit_chain_head WHERE chain_id = ?")) {
                s.setString(1, chain);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return new Result(false, checked, 1, lastId, "chain " + chain + " has no head record");
                    }
                    if (rs.getLong(1) != lastSeq || !rs.getString(2).equals(lastHash)) {
                        return new Result(false, checked, 1, lastId, "chain " + chain + " ends at record " + lastSeq
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
}
