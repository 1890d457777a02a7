package io.outboundcalls.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Sessions held up by a test's own connection, on PostgreSQL or H2: to line up concurrent requests behind a lock. */
public final class BlockedSessions {

    private BlockedSessions() {
    }

    /**
     * Sessions that wait for the holder's rows or for a session that does. Other work of the engine waits for neither,
     * so it cannot be taken for the requests a test lines up.
     */
    public static int behind(Connection holder, DataSource dataSource) {
        boolean postgres = isPostgres(holder);
        try (Connection connection = dataSource.getConnection();
                Statement own = holder.createStatement();
                ResultSet id = own.executeQuery(postgres ? "select pg_backend_pid()" : "select session_id()")) {
            id.next();
            int holderId = id.getInt(1);
            String sql = postgres
                    ? "select count(*) from pg_stat_activity w where pg_blocking_pids(w.pid) && (select"
                            + " array_agg(b.pid) || ?::int from pg_stat_activity b"
                            + " where ? = any(pg_blocking_pids(b.pid)))"
                    : "select count(*) from information_schema.sessions w where w.blocker_id = ? or w.blocker_id in"
                            + " (select b.session_id from information_schema.sessions b where b.blocker_id = ?)";
            try (PreparedStatement waiting = connection.prepareStatement(sql)) {
                waiting.setInt(1, holderId);
                waiting.setInt(2, holderId);
                try (ResultSet rows = waiting.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isPostgres(Connection connection) {
        try {
            return connection.getMetaData().getDatabaseProductName().startsWith("PostgreSQL");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
