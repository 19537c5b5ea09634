package io.positionpolicy.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** One row per replica in {@code cluster_instance}: what it serves, its last load attempt, started, last seen. */
public final class Heartbeats {

    /** A replica's row as last written by it. */
    public record Row(String instanceId, String address, String servingVersion, String lastAttempt,
            String lastErrors, Instant startedAt, Instant lastSeen) {
    }

    private final DataSource dataSource;

    public Heartbeats(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes this replica's row (an update, or the first insert). */
    public void beat(Row row) {
        try (Connection c = dataSource.getConnection()) {
            int updated;
            try (PreparedStatement s = c.prepareStatement("UPDATE cluster_instance SET address = ?, "
                    + "serving_version = ?, last_attempt = ?, last_errors = ?, started_at = ?, last_seen = ? "
                    + "WHERE instance_id = ?")) {
                bind(s, row);
                updated = s.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO cluster_instance (address, "
                        + "serving_version, last_attempt, last_errors, started_at, last_seen, instance_id) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    bind(s, row);
                    s.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the heartbeat: " + e.getMessage(), e);
        }
    }

    public List<Row> all() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT instance_id, address, serving_version, "
                        + "last_attempt, last_errors, started_at, last_seen FROM cluster_instance ORDER BY instance_id");
                ResultSet rs = s.executeQuery()) {
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getObject(6, OffsetDateTime.class).toInstant(),
                        rs.getObject(7, OffsetDateTime.class).toInstant()));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the replicas: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement s, Row row) throws SQLException {
        s.setString(1, row.address());
        s.setString(2, row.servingVersion());
        s.setString(3, row.lastAttempt());
        s.setString(4, row.lastErrors());
        s.setObject(5, row.startedAt().atOffset(ZoneOffset.UTC));
        s.setObject(6, row.lastSeen().atOffset(ZoneOffset.UTC));
        s.setString(7, row.instanceId());
    }
}
