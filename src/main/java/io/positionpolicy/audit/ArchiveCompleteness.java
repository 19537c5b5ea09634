package io.positionpolicy.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every rule-set version the store refers to must be in the archive ({@code ruleset}): the version of every decision,
 * of every activation, every change set's {@code activated_version} and the cluster's active version. Re-hashing what
 * the archive holds cannot notice a version deleted whole (its row and its files), yet then nothing answers "which
 * rule text made these decisions".
 *
 * <p>The decisions' versions are found without reading the decisions: a skip scan over the existing index
 * {@code ix_audit_ruleset (ruleset_version, id)}, one index probe per distinct version ("the first version after the
 * last one found"), so its cost grows with the number of versions (tens), not of decisions (millions). No index is
 * added for it: one more on {@code audit_evaluation} would cost every order a write. Decisions are counted only for a
 * missing version, by a range of the same index.
 */
final class ArchiveCompleteness {

    /** What verify says of a version missing from the archive: what refers to it. */
    static String reason(ChainVerifier.MissingVersion missing) {
        List<String> refs = new ArrayList<>();
        long decisions = missing.decisions();
        if (decisions > 0) {
            refs.add(String.format(java.util.Locale.ROOT, "%,d decision%s", decisions, decisions == 1 ? "" : "s"));
        }
        if (missing.activations() > 0) {
            refs.add(missing.activations() + " activation" + (missing.activations() == 1 ? "" : "s"));
        }
        List<String> changeSets = missing.changeSets();
        if (!changeSets.isEmpty()) {
            refs.add("change set" + (changeSets.size() == 1 ? " " : "s ") + String.join(", ", changeSets)
                    + " (went live as it)");
        }
        if (missing.clusterActive()) {
            refs.add("the cluster's active rule set");
        }
        return "rule set " + missing.version() + " is missing from the archive (deleted), so its rule text can no "
                + "longer be shown; referred to by " + String.join(", ", refs);
    }

    private ArchiveCompleteness() {
    }

    static List<ChainVerifier.MissingVersion> missing(Connection connection) throws SQLException {
        Set<String> archived = new HashSet<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT version FROM ruleset");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                archived.add(rs.getString(1));
            }
        }
        SortedMap<String, Builder> missing = new TreeMap<>();
        for (String version : decisionVersions(connection)) {
            if (!archived.contains(version)) {
                missing.computeIfAbsent(version, Builder::new).decisions = decisions(connection, version);
            }
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT a.version, count(*) FROM ruleset_activation a "
                + "LEFT JOIN ruleset r ON r.version = a.version WHERE r.version IS NULL GROUP BY a.version");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                missing.computeIfAbsent(rs.getString(1), Builder::new).activations = rs.getLong(2);
            }
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT c.activated_version, c.id FROM change_set c "
                + "LEFT JOIN ruleset r ON r.version = c.activated_version "
                + "WHERE c.activated_version IS NOT NULL AND r.version IS NULL ORDER BY c.id");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                missing.computeIfAbsent(rs.getString(1), Builder::new).changeSets.add(rs.getString(2));
            }
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT c.version FROM cluster_ruleset c "
                + "LEFT JOIN ruleset r ON r.version = c.version WHERE c.version IS NOT NULL AND r.version IS NULL");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                missing.computeIfAbsent(rs.getString(1), Builder::new).clusterActive = true;
            }
        }
        return missing.values().stream().map(Builder::build).toList();
    }

    /**
     * The distinct versions of the decisions, each found by one probe of {@code ix_audit_ruleset}: the smallest
     * version after the previous one. (SELECT DISTINCT would read every entry of the index, one per decision.)
     */
    static List<String> decisionVersions(Connection connection) throws SQLException {
        List<String> versions = new ArrayList<>();
        String last;
        try (PreparedStatement s = connection.prepareStatement("SELECT min(ruleset_version) FROM audit_evaluation");
                ResultSet rs = s.executeQuery()) {
            last = rs.next() ? rs.getString(1) : null;
        }
        try (PreparedStatement s = connection.prepareStatement(NEXT_VERSION)) {
            while (last != null) {
                versions.add(last);
                s.setString(1, last);
                try (ResultSet rs = s.executeQuery()) {
                    last = rs.next() ? rs.getString(1) : null;
                }
            }
        }
        return versions;
    }

    /** One probe of the skip scan; package-private so that a test can check its plan uses the index. */
    static final String NEXT_VERSION = "SELECT ruleset_version FROM audit_evaluation WHERE ruleset_version > ? "
            + "ORDER BY ruleset_version LIMIT 1";

    private static long decisions(Connection connection, String version) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT count(*) FROM audit_evaluation WHERE ruleset_version = ?")) {
            s.setString(1, version);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static final class Builder {
        private final String version;
        private long decisions;
        private long activations;
        private final List<String> changeSets = new ArrayList<>();
        private boolean clusterActive;

        Builder(String version) {
            this.version = version;
        }

        ChainVerifier.MissingVersion build() {
            return new ChainVerifier.MissingVersion(version, decisions, activations, List.copyOf(changeSets), clusterActive);
        }
    }
}
