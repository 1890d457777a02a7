package io.outboundcalls.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/** Whether the engine's database is PostgreSQL, for the few statements that differ from H2's; asked once. */
@Component
public class DatabaseKind {

    private final DataSource dataSource;
    private volatile Boolean postgres;

    DatabaseKind(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean isPostgres() {
        Boolean known = postgres;
        if (known == null) {
            // the surrounding transaction's connection, if there is one: no second connection from the pool
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                known = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT)
                        .contains("postgres");
                postgres = known;
            } catch (SQLException e) {
                throw new CannotGetJdbcConnectionException("cannot read the database product", e);
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
        }
        return known;
    }
}
