package io.positionpolicy.audit;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/** Reading the audit trail: search newest first with a cursor, one record, streamed export, rule statistics. */
public final class AuditQueries {
    /** Rows fetched per round trip when streaming an export. */
    private static final int FETCH_SIZE = 500;

    public record Page(List<AuditRow> items, String nextCursor) {
    }

    public record Stats(Instant from, Instant to, long evaluations, List<RuleCount> rules,
            Map<String, Long> verdicts, Map<String, Long> violations) {
    }

    public record RuleCount(String name, long fired) {
    }

    /** Receives exported rows one at a time. */
    @FunctionalInterface
    public interface RowSink {
        void accept(AuditRow row) throws IOException;
    }

    private final DataSource dataSource;

    public AuditQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Page search(AuditFilter filter) {
        Where where = where(filter);
        if (filter.cursor() != null) {
            where.add("e.id < ?", filter.cursor());
        }
        String sql = "SELECT " + prefixed() + " FROM audit_evaluation e" + where.sql()
                + " ORDER BY e.id DESC LIMIT " + (filter.limit() + 1);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement s = where.prepare(connection, sql);
                ResultSet rs = s.executeQuery()) {
            List<AuditRow> items = new ArrayList<>();
            while (rs.next()) {
                items.add(AuditColumns.read(rs).summary());
            }
            if (items.size() <= filter.limit()) {
                return new Page(items, null);
            }
            List<AuditRow> page = items.subList(0, filter.limit());
            return new Page(List.copyOf(page), page.get(page.size() - 1).id());
        } catch (SQLException e) {
            throw new IllegalStateException("audit search failed: " + e.getMessage(), e);
        }
    }

    public Optional<AuditRow> find(String id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement s = connection.prepareStatement(
                        "SELECT " + AuditColumns.NAMES + " FROM audit_evaluation WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(AuditColumns.read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("audit read failed: " + e.getMessage(), e);
        }
    }

    /** Streams every record in the time range, oldest first, in constant memory. */
    public long export(Instant from, Instant to, RowSink sink) throws IOException {
        Where where = where(new AuditFilter(null, null, null, null, null, null, null, from, to, 0, null));
        String sql = "SELECT " + prefixed() + " FROM audit_evaluation e" + where.sql() + " ORDER BY e.id";
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            try (PreparedStatement s = where.prepare(connection, sql)) {
                s.setFetchSize(FETCH_SIZE);
                long count = 0;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(AuditColumns.read(rs));
                        count++;
                    }
                }
                connection.rollback();
                return count;
            }
        } catch (SQLException e) {
            throw new IOException("audit export failed: " + e.getMessage(), e);
        }
    }

    /** A recorded evaluation as it was received and answered, for replaying it against other rules. */
    public record Recorded(String id, Instant evaluatedAt, String rulesetVersion, String requestJson,
            String responseJson) {
    }

    /** The newest {@code filter.limit()} records matching the filter, with their request and response JSON. */
    public List<Recorded> recorded(AuditFilter filter) {
        Where where = where(filter);
        String sql = "SELECT " + prefixed() + " FROM audit_evaluation e" + where.sql() + " ORDER BY e.id DESC LIMIT "
                + filter.limit();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement s = where.prepare(connection, sql);
                ResultSet rs = s.executeQuery()) {
            List<Recorded> rows = new ArrayList<>();
            while (rs.next()) {
                AuditRow row = AuditColumns.read(rs);
                rows.add(new Recorded(row.id(), row.evaluatedAt(), row.rulesetVersion(), row.requestJson(),
                        row.responseJson()));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("audit read failed: " + e.getMessage(), e);
        }
    }

    public Stats stats(Instant from, Instant to) {
        Where where = where(new AuditFilter(null, null, null, null, null, null, null, from, to, 0, null));
        long[] evaluations = {0};
        Map<String, Long> verdicts = new TreeMap<>();
        Map<String, Long> fired = new HashMap<>();
        Map<String, Long> violations = new TreeMap<>();
        try (Connection connection = dataSource.getConnection()) {
            scan(connection, where, "e.verdict, e.rule_names, e.violation_codes", rs -> {
                evaluations[0]++;
                String verdict = rs.getString(1);
                verdicts.merge(verdict == null ? "FAILED" : verdict, 1L, Long::sum);
                for (String name : AuditColumns.ruleNames(rs.getString(2))) {
                    fired.merge(name, 1L, Long::sum);
                }
                for (String code : AuditColumns.violationCodes(rs.getString(3))) {
                    violations.merge(code, 1L, Long::sum);
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("audit statistics failed: " + e.getMessage(), e);
        }
        List<RuleCount> rules = fired.entrySet().stream().map(e -> new RuleCount(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(RuleCount::fired).reversed().thenComparing(RuleCount::name))
                .toList();
        return new Stats(from, to, evaluations[0], rules, verdicts, violations);
    }

    /** Rule firings per time bucket: {@code buckets} equal slices of [from, to), each rule with its count in each. */
    public record Timeline(Instant from, Instant to, long bucketSeconds, List<Instant> buckets, List<RuleSeries> rules) {
    }

    public record RuleSeries(String name, long total, long[] counts) {
    }

    public Timeline timeline(Instant from, Instant to, int buckets) {
        long origin = from.getEpochSecond();
        long width = Math.max(1, (to.getEpochSecond() - origin + buckets - 1) / buckets);
        Where where = where(new AuditFilter(null, null, null, null, null, null, null, from, to, 0, null));
        Map<String, long[]> series = new TreeMap<>();
        try (Connection connection = dataSource.getConnection()) {
            scan(connection, where, "e.evaluated_at, e.rule_names", rs -> {
                long second = rs.getObject(1, OffsetDateTime.class).toEpochSecond();
                int bucket = (int) Math.min(buckets - 1, Math.max(0, Math.floorDiv(second - origin, width)));
                for (String name : AuditColumns.ruleNames(rs.getString(2))) {
                    series.computeIfAbsent(name, n -> new long[buckets])[bucket]++;
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("audit timeline failed: " + e.getMessage(), e);
        }
        List<Instant> starts = new ArrayList<>(buckets);
        for (int i = 0; i < buckets; i++) {
            starts.add(Instant.ofEpochSecond(origin + i * width));
        }
        List<RuleSeries> rules = series.entrySet().stream()
                .map(e -> new RuleSeries(e.getKey(), Arrays.stream(e.getValue()).sum(), e.getValue()))
                .sorted(Comparator.comparingLong(RuleSeries::total).reversed()
                        .thenComparing(RuleSeries::name))
                .toList();
        return new Timeline(from, to, width, starts, rules);
    }

    /** Reads one row of a {@link #scan}. */
    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /**
     * Streams {@code columns} of every record matching {@code where} to {@code reader}, in constant memory: the rule
     * and violation counts are summed here from each row's lists rather than joined from a row per item.
     */
    private static void scan(Connection connection, Where where, String columns, RowReader reader)
            throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
        try (PreparedStatement s = where.prepare(connection,
                "SELECT " + columns + " FROM audit_evaluation e" + where.sql())) {
            s.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    private static Where where(AuditFilter f) {
        Where where = new Where();
        where.addIf(f.accountId(), "e.account_id = ?");
        where.addIf(f.positionId(), "e.position_id = ?");
        if (f.symbol() != null) { // symbols as sent, upper or lower case: btcusdt finds BTCUSDT (and uses the index)
            where.add("e.symbol IN (?, ?, ?)", f.symbol());
            where.parameters.add(f.symbol().toUpperCase(java.util.Locale.ROOT));
            where.parameters.add(f.symbol().toLowerCase(java.util.Locale.ROOT));
        }
        where.addIf(f.verdict(), "e.verdict = ?");
        where.addIf(f.rulesetVersion(), "e.ruleset_version = ?");
        // A rule by any part of its name, in any case: "volatility" finds "Volatility too high: reject the add".
        // rule_names has a name per line, so a text without a line break matches inside one name or not at all.
        if (f.rule() != null) {
            boolean spansNames = f.rule().contains("\n") || f.rule().contains("\r");
            where.addUnless(spansNames, "LOWER(e.rule_names) LIKE ? ESCAPE '\\'",
                    "%" + likeEscaped(f.rule().toLowerCase(java.util.Locale.ROOT)) + "%");
        }
        where.addIf(f.violation(), "EXISTS (SELECT 1 FROM audit_violation v2 WHERE v2.evaluation_id = e.id "
                + "AND v2.code = ?)");
        where.addIf(f.from() == null ? null : f.from().atOffset(ZoneOffset.UTC), "e.evaluated_at >= ?");
        where.addIf(f.to() == null ? null : f.to().atOffset(ZoneOffset.UTC), "e.evaluated_at < ?");
        return where;
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String prefixed() {
        return "e." + AuditColumns.NAMES.replace(", ", ", e.");
    }

    /** A WHERE clause with its parameters, built only from fixed SQL fragments. */
    private static final class Where {
        private final List<String> conditions = new ArrayList<>();
        private final List<Object> parameters = new ArrayList<>();

        void addIf(Object value, String condition) {
            if (value != null) {
                add(condition, value);
            }
        }

        /** {@code condition} with {@code value}, or, when {@code impossible}, a condition no record meets. */
        void addUnless(boolean impossible, String condition, Object value) {
            if (impossible) {
                conditions.add("1 = 0");
            } else {
                add(condition, value);
            }
        }

        void add(String condition, Object value) {
            conditions.add(condition);
            parameters.add(value);
        }

        String sql() {
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        PreparedStatement prepare(Connection connection, String sql) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return statement;
        }
    }
}
