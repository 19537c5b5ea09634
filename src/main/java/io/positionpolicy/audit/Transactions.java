package io.positionpolicy.audit;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** One unit of work on the store, committed whole or rolled back whole. */
public final class Transactions {
    /** Work on one connection, inside the transaction. */
    public interface Work {
        void run(Connection connection) throws SQLException;
    }

    private Transactions() {
    }

    /**
     * Runs {@code work} in one transaction; a failure rolls it back and is rethrown (an {@link SQLException} as an
     * {@link IllegalStateException} saying what could not be done: "cannot " + {@code what}).
     */
    public static void run(DataSource dataSource, String what, Work work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
