package io.positionpolicy.audit;

import io.positionpolicy.rules.DecisionTables;
import io.positionpolicy.rules.RuleSources;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Everything GET /api/v1/audit/verify checks, in one read-only transaction: every decision chain
 * ({@link DecisionChainWalk}); that every archived rule set's files still hash to its version; that every version the
 * store refers to is archived at all ({@link ArchiveCompleteness}); and the two chains of the rule-set history, who
 * activated which version and who loaded, validated or saved what ({@link RuleSetLogWalk}). Every check runs even after
 * one fails, so the answer names each problem found, not only the first.
 */
public final class ChainVerifier {

    /**
     * {@code ok} when nothing is wrong. {@code checked} and {@code chains} count decision records and chains;
     * {@code firstBrokenId} and {@code reason} are the first of {@code problems} (the first row found wrong of a
     * decision chain, or for a truncated one the last row left; an archived rule set's version; "activation 5");
     * {@code notes} say what the checks cannot prove (rows written before their chain existed).
     */
    @Schema(name = "ChainVerification")
    public record Result(boolean ok, long checked, int chains, String firstBrokenId, String reason,
            List<Problem> problems, LogCheck activations, LogCheck operations, List<MissingVersion> missingVersions,
            List<String> notes) {
    }

    /** One problem found: what it concerns ({@code id}: a record id, a rule-set version, "activation 5") and what. */
    @Schema(name = "VerificationProblem")
    public record Problem(String id, String reason) {
    }

    /**
     * One chain of the rule-set history: rows checked; {@code recordedBeforeChaining} of them were written before the
     * chain existed (V12) and sealed into it at {@code sealedAt}, so their hashes prove nothing of what happened to
     * them before that.
     */
    @Schema(name = "RuleSetLogVerification")
    public record LogCheck(long checked, long recordedBeforeChaining, Instant sealedAt) {
    }

    /**
     * A rule-set version referred to but missing from the archive: how many decisions and activations name it, which
     * change sets went live as it, and whether the cluster serves it now.
     */
    @Schema(name = "MissingRuleSetVersion")
    public record MissingVersion(String version, long decisions, long activations, List<String> changeSets,
            boolean clusterActive) {
    }

    private final DataSource dataSource;

    public ChainVerifier(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Result verify() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                return verify(connection);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit trail: " + e.getMessage(), e);
        }
    }

    private static Result verify(Connection connection) throws SQLException {
        List<Problem> problems = new ArrayList<>();
        long checked = 0;
        List<String> chains = chains(connection);
        for (String chain : chains) {
            DecisionChainWalk walk = new DecisionChainWalk(connection, chain);
            Problem broken = walk.run();
            checked += walk.checked;
            if (broken != null) {
                problems.add(broken);
            }
        }
        problems.addAll(changedInTheArchive(connection));
        List<MissingVersion> missing = ArchiveCompleteness.missing(connection);
        missing.forEach(m -> problems.add(new Problem(m.version(), ArchiveCompleteness.reason(m))));
        List<String> notes = new ArrayList<>();
        LogCheck activations = walk(connection, RuleSetLog.ACTIVATION, problems, notes);
        LogCheck operations = walk(connection, RuleSetLog.OPERATION, problems, notes);
        Problem first = problems.isEmpty() ? null : problems.get(0);
        return new Result(problems.isEmpty(), checked, chains.size(), first == null ? null : first.id(),
                first == null ? null : first.reason(), List.copyOf(problems), activations, operations, missing,
                List.copyOf(notes));
    }

    /**
     * Walks one chain of the rule-set history. Rows written before V12 were sealed into it when the store was first
     * opened after the upgrade: verify says so rather than presenting them as proven since they were written.
     */
    private static LogCheck walk(Connection connection, RuleSetLog log, List<Problem> problems, List<String> notes)
            throws SQLException {
        RuleSetLogWalk walk = new RuleSetLogWalk(connection, log);
        LogCheck check = walk.run();
        problems.addAll(walk.problems());
        if (check.recordedBeforeChaining() > 0) {
            notes.add(check.recordedBeforeChaining() + " " + log.noun() + (check.recordedBeforeChaining() == 1
                    ? " was" : "s were") + " recorded before the " + log.noun() + " chain existed and sealed into "
                    + "it at " + check.sealedAt() + ": a change to " + (check.recordedBeforeChaining() == 1 ? "it"
                    : "them") + " since then is detected, one made before cannot be");
        }
        return check;
    }

    /**
     * Each archived rule-set version's rule files must still hash to its version (the SHA-256 every decision carries):
     * the archive is what answers "which rule text made this decision", so a rule edited there after the fact is
     * tampering with the trail. The problem's id is then the version.
     */
    private static List<Problem> changedInTheArchive(Connection connection) throws SQLException {
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
        List<Problem> changed = new ArrayList<>();
        for (Map.Entry<String, SortedMap<String, String>> version : versions.entrySet()) {
            if (!RuleSources.version(version.getValue()).equals(version.getKey())) {
                changed.add(new Problem(version.getKey(), "rule set " + version.getKey() + " in the archive was "
                        + "changed after it was archived: its rule files no longer hash to its version"));
            }
        }
        return changed;
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
}
