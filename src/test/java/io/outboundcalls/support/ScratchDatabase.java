package io.outboundcalls.support;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.h2.tools.Server;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * An empty database of the kind the suite runs on, reachable by other processes: a new database on the suite's
 * PostgreSQL server (SPRING_DATASOURCE_URL), or else an in-memory H2 served over TCP by this JVM.
 */
public final class ScratchDatabase implements AutoCloseable {

    private final String url;
    private final String user;
    private final String password;
    private final Runnable drop;

    private ScratchDatabase(String url, String user, String password, Runnable drop) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.drop = drop;
    }

    public static ScratchDatabase create(String name) throws SQLException {
        String suiteUrl = System.getenv("SPRING_DATASOURCE_URL");
        String unique = name + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (suiteUrl != null && suiteUrl.startsWith("jdbc:postgresql:")) {
            String user = env("SPRING_DATASOURCE_USERNAME", "postgres");
            String password = env("SPRING_DATASOURCE_PASSWORD", "");
            String server = suiteUrl.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*(.*)", "$1");
            try (Connection admin = DriverManager.getConnection(server + "postgres", user, password);
                    Statement statement = admin.createStatement()) {
                statement.execute("create database " + unique);
            }
            return new ScratchDatabase(server + unique, user, password, () -> {
                try (Connection admin = DriverManager.getConnection(server + "postgres", user, password);
                        Statement statement = admin.createStatement()) {
                    statement.execute("drop database if exists " + unique + " with (force)");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        Server tcp = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        String url = "jdbc:h2:tcp://localhost:" + tcp.getPort() + "/mem:" + unique + ";DB_CLOSE_DELAY=-1";
        return new ScratchDatabase(url, "sa", "", tcp::stop);
    }

    /** The command-line properties that point an engine node at this database. */
    public List<String> nodeProperties() {
        return List.of("--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password);
    }

    /** As {@link #nodeProperties()}, with the connection going through a local forwarder (see {@link TcpProxy}). */
    public List<String> nodePropertiesVia(TcpProxy proxy) {
        return List.of("--spring.datasource.url=" + url.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/"),
                "--spring.datasource.username=" + user, "--spring.datasource.password=" + password);
    }

    /** A forwarder to this database's server. */
    public TcpProxy proxy() throws IOException {
        Matcher server = Pattern.compile("//([^/:]+)(?::(\\d+))?/").matcher(url);
        if (!server.find()) {
            throw new IllegalStateException("no server in " + url);
        }
        int port = server.group(2) != null ? Integer.parseInt(server.group(2))
                : url.startsWith("jdbc:postgresql:") ? 5432 : 9092;
        return new TcpProxy(server.group(1), port);
    }

    public DataSource dataSource() {
        return new DriverManagerDataSource(url, user, password);
    }

    @Override
    public void close() {
        drop.run();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
