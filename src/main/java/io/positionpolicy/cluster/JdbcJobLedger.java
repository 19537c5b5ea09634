package io.positionpolicy.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.positionpolicy.backtest.BacktestJobs;
import io.positionpolicy.backtest.BacktestJobs.View;
import io.positionpolicy.backtest.BacktestResult;
import io.positionpolicy.backtest.JobLedger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Backtest jobs in the shared database ({@code backtest_job}); the result is kept as JSON. */
final class JdbcJobLedger implements JobLedger {
    private static final String COLUMNS = "id, source, principal, status, progress, created_at, finished_at, error";

    private final DataSource dataSource;
    private final String instanceId;
    private final ObjectMapper json;

    JdbcJobLedger(DataSource dataSource, String instanceId, ObjectMapper json) {
        this.dataSource = dataSource;
        this.instanceId = instanceId;
        this.json = json.copy().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public void save(View job) {
        String result = null;
        if (job.result() != null) {
            try {
                result = json.writeValueAsString(job.result());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the result of backtest " + job.id(), e);
            }
        }
        update("UPDATE backtest_job SET status = ?, progress = ?, finished_at = ?, error = ?, result_json = ? "
                + "WHERE id = ?", s -> {
                    s.setString(1, job.status());
                    s.setDouble(2, job.progress());
                    s.setObject(3, job.finishedAt() == null ? null : job.finishedAt().atOffset(ZoneOffset.UTC));
                    s.setString(4, job.error());
                    s.setString(5, null);
                    s.setString(6, job.id());
                }, result, job);
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private void update(String sql, Binder binder, String result, View job) {
        try (Connection c = dataSource.getConnection()) {
            int updated;
            try (PreparedStatement s = c.prepareStatement(sql)) {
                binder.bind(s);
                s.setString(5, result);
                updated = s.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO backtest_job (" + COLUMNS
                        + ", result_json, instance_id, ruleset_kind, ruleset_version, cancel_requested) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)")) {
                    s.setString(1, job.id());
                    s.setString(2, job.source());
                    s.setString(3, job.principal());
                    s.setString(4, job.status());
                    s.setDouble(5, job.progress());
                    s.setObject(6, job.createdAt().atOffset(ZoneOffset.UTC));
                    s.setObject(7, job.finishedAt() == null ? null : job.finishedAt().atOffset(ZoneOffset.UTC));
                    s.setString(8, job.error());
                    s.setString(9, result);
                    s.setString(10, instanceId);
                    s.setString(11, job.ruleSet() == null ? null : job.ruleSet().kind());
                    s.setString(12, job.ruleSet() == null ? null : job.ruleSet().version());
                    s.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store backtest " + job.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<View> find(String id) {
        List<View> found = query("SELECT " + COLUMNS + ", result_json, ruleset_kind, ruleset_version FROM backtest_job WHERE id = ?", id, true);
        return found.stream().findFirst();
    }

    @Override
    public List<View> list(int limit) {
        return query("SELECT " + COLUMNS + ", NULL, ruleset_kind, ruleset_version FROM backtest_job "
                + "ORDER BY created_at DESC LIMIT " + limit, null,
                false);
    }

    @Override
    public boolean requestCancel(String id) {
        return execute("UPDATE backtest_job SET cancel_requested = TRUE WHERE id = ?", id, null) == 1;
    }

    @Override
    public boolean cancelRequested(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT cancel_requested FROM backtest_job WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            return false; // the job runs on; the next progress step asks again
        }
    }

    @Override
    public void failOwnUnfinished(Instant startedAt) {
        execute("UPDATE backtest_job SET status = 'FAILED', finished_at = CURRENT_TIMESTAMP, error = "
                + "'the replica running it stopped' WHERE status IN ('QUEUED', 'RUNNING') AND instance_id = ? "
                + "AND created_at < ?", instanceId, startedAt);
    }

    @Override
    public void failAbandoned(Instant seenBefore) {
        execute("UPDATE backtest_job SET status = 'FAILED', finished_at = CURRENT_TIMESTAMP, error = "
                + "'the replica running it stopped' WHERE status IN ('QUEUED', 'RUNNING') AND instance_id IN "
                + "(SELECT instance_id FROM cluster_instance WHERE last_seen < ?)", null, seenBefore);
    }

    @Override
    public int forgetFinishedBefore(Instant startedBefore) {
        return execute("DELETE FROM backtest_job WHERE created_at < ? AND status NOT IN ('QUEUED', 'RUNNING') "
                + "AND id NOT IN (SELECT backtest_id FROM change_set WHERE backtest_id IS NOT NULL)", null,
                startedBefore);
    }

    private int execute(String sql, String text, Instant at) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (text != null) {
                s.setString(i++, text);
            }
            if (at != null) {
                s.setObject(i, at.atOffset(ZoneOffset.UTC));
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update backtest jobs: " + e.getMessage(), e);
        }
    }

    private List<View> query(String sql, String id, boolean withResult) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (id != null) {
                s.setString(1, id);
            }
            List<View> views = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String result = withResult ? rs.getString(9) : null;
                    BacktestJobs.RuleSetRun ruleSet = rs.getString(10) == null ? null
                            : new BacktestJobs.RuleSetRun(rs.getString(10), rs.getString(11));
                    views.add(new View(rs.getString(1), rs.getString(2), rs.getString(3), ruleSet, rs.getString(4),
                            rs.getDouble(5), rs.getObject(6, OffsetDateTime.class).toInstant(),
                            Optional.ofNullable(rs.getObject(7, OffsetDateTime.class)).map(OffsetDateTime::toInstant)
                                    .orElse(null),
                            rs.getString(8), result == null ? null : json.readValue(result, BacktestResult.class)));
                }
            }
            return views;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read backtest jobs: " + e.getMessage(), e);
        }
    }
}
