package io.outboundcalls.support;

import com.zaxxer.hikari.HikariDataSource;
import io.outboundcalls.OutboundCallEngineApplication;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A scratch PostgreSQL database for one benchmark run, on the server of {@code -Dbench.url} (default
 * jdbc:postgresql://127.0.0.1:5432/), user {@code -Dbench.user} (postgres), {@code -Dbench.password}; dropped on
 * close unless {@code -Dbench.keep=true}.
 */
public final class BenchDatabase implements AutoCloseable {

    private final String server = System.getProperty("bench.url", "jdbc:postgresql://127.0.0.1:5432/");
    private final String user = System.getProperty("bench.user", "postgres");
    private final String password = System.getProperty("bench.password", "");
    private final String name;

    private BenchDatabase(String name) {
        this.name = name;
    }

    public static BenchDatabase create(String prefix) throws SQLException {
        BenchDatabase database = new BenchDatabase(prefix + "_" + System.currentTimeMillis());
        database.admin("create database " + database.name);
        return database;
    }

    /**
     * The engine on this database, profiles bench and demo (benchmarks log in as the demo users), on a random port,
     * with these further arguments.
     */
    public ConfigurableApplicationContext engine(String... arguments) {
        SpringApplication application = new SpringApplication(OutboundCallEngineApplication.class);
        application.setAdditionalProfiles("bench", "demo");
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + server + name,
                "--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
                "--logging.level.root=WARN"));
        all.addAll(List.of(arguments));
        return application.run(all.toArray(String[]::new));
    }

    /** The command-line properties that point an engine node in a JVM of its own ({@link EngineNode}) at this database. */
    public List<String> nodeProperties() {
        return List.of("--spring.datasource.url=" + server + name, "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password);
    }

    /** A pool of up to {@code size} connections to this database, for a process engine of the benchmark's own. */
    public HikariDataSource pool(int size) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(server + name);
        pool.setUsername(user);
        pool.setPassword(password);
        pool.setMaximumPoolSize(size);
        return pool;
    }

    /** Connections of the benchmark itself, for reading what the engine nodes wrote. */
    public DataSource dataSource() {
        return new DriverManagerDataSource(server + name, user, password);
    }

    /**
     * A PostgreSQL client program (pgbench, psql) on this database, with the host, port and user of
     * {@code -Dbench.url} and {@code -Dbench.user}, so it measures the very server the engine writes to.
     */
    public ProcessBuilder client(String program, String... arguments) {
        URI address = URI.create(server.substring("jdbc:".length()));
        List<String> command = new ArrayList<>(List.of(program, "-h", address.getHost(), "-p",
                String.valueOf(address.getPort() < 0 ? 5432 : address.getPort()), "-U", user));
        command.addAll(List.of(arguments));
        command.add(name);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (!password.isEmpty()) {
            builder.environment().put("PGPASSWORD", password);
        }
        return builder;
    }

    @Override
    public void close() throws SQLException {
        if (Boolean.getBoolean("bench.keep")) {
            System.out.println("kept database " + name);
            return;
        }
        admin("drop database if exists " + name + " with (force)");
    }

    private void admin(String statement) throws SQLException {
        try (Connection admin = DriverManager.getConnection(server + "postgres", user, password);
                Statement sql = admin.createStatement()) {
            sql.execute(statement);
        }
    }
}
