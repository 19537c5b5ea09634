package io.positionpolicy.cluster;

import io.positionpolicy.audit.AuditStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * This replica's own session with PostgreSQL: it holds an advisory lock on the instance id (so a second live replica
 * with the same id refuses to start; the lock goes with the session when a replica dies) and LISTENs for new active
 * rule sets. On H2 there is neither: the sync polls, and the embedded file admits one process anyway.
 */
final class ReplicaListener implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReplicaListener.class);
    private static final String LOCK = "SELECT pg_try_advisory_lock(hashtext('position-policy'), hashtext(?))";

    private final AuditStore audit;
    private final String instanceId;
    private final boolean notifications;
    private final Object wake = new Object();
    private Connection session;

    ReplicaListener(AuditStore audit, String instanceId, boolean notifications) {
        this.audit = audit;
        this.instanceId = instanceId;
        this.notifications = notifications;
    }

    /** Opens the session and takes the instance lock; fails when another live replica uses this instance id. */
    void open() {
        if (!audit.postgres()) {
            return;
        }
        try {
            session = audit.openSession();
            session.setAutoCommit(true);
            try (PreparedStatement s = session.prepareStatement(LOCK)) {
                s.setString(1, instanceId);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        close();
                        throw new IllegalStateException("Cannot start: another running replica uses the instance id '"
                                + instanceId + "' on this database; give each replica its own "
                                + "policy.audit.instance-id");
                    }
                }
            }
            if (notifications) {
                try (Statement s = session.createStatement()) {
                    s.execute("LISTEN " + RuleSetStore.CHANNEL);
                }
            }
        } catch (SQLException e) {
            close();
            throw new IllegalStateException("cannot open the replica's session: " + e.getMessage(), e);
        }
    }

    boolean listening() {
        return session != null && notifications;
    }

    /** Waits until a notification arrives or {@code millis} pass (polling only: the full time). */
    void await(long millis) throws InterruptedException {
        if (listening()) {
            try {
                PGNotification[] received = session.unwrap(PGConnection.class).getNotifications((int) millis);
                if (received != null && received.length > 0) {
                    LOG.debugf("Notified: %s", received[received.length - 1].getParameter());
                }
                return;
            } catch (SQLException e) {
                throw new IllegalStateException("the notification session failed: " + e.getMessage(), e);
            }
        }
        synchronized (wake) {
            wake.wait(millis);
        }
    }

    /** After an error: a new session (and lock) on the next attempt. */
    void reset() {
        if (!audit.postgres()) {
            return;
        }
        close();
        try {
            open();
        } catch (RuntimeException e) {
            LOG.warnf("Cluster session not reopened yet: %s", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                LOG.debug("closing the replica session", e);
            }
            session = null;
        }
    }
}
