package io.outboundcalls.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One engine node in a JVM of its own, started from the test classpath as a user starts the application, for tests
 * that need several nodes on one database. Its log goes to target/&lt;name&gt;.log.
 */
public final class EngineNode implements AutoCloseable {

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private EngineNode(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts a node on a free port with these extra command-line properties and waits until it is healthy. */
    public static EngineNode start(String name, List<String> properties) throws IOException {
        EngineNode node = launch(name, properties);
        node.awaitHealthy(Duration.ofSeconds(120));
        return node;
    }

    /**
     * As {@link #start}, but waits only until the node answers {@code /actuator/health} at all: for nodes that start
     * with a part of their world out of reach (their health DOWN).
     */
    public static EngineNode startAnswering(String name, List<String> properties) throws IOException {
        EngineNode node = launch(name, properties);
        node.awaitAnswering(Duration.ofSeconds(120));
        return node;
    }

    private static EngineNode launch(String name, List<String> properties) throws IOException {
        int port = freePort();
        Path log = Path.of("target", name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "io.outboundcalls.OutboundCallEngineApplication",
                "--server.port=" + port,
                "--outbound.node-id=" + name));
        command.addAll(properties);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(new File("target"))
                .start();
        return new EngineNode(name, port, process, log);
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    /** The lines of the node's log at level ERROR. */
    public List<String> errorLines() throws IOException {
        return Files.readAllLines(log).stream().filter(line -> line.contains(" ERROR ")).toList();
    }

    private void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + name + " stopped while starting; see " + log);
            }
            try {
                Api.Reply health = Api.anonymous(port).get("/actuator/health");
                if (health.status() == 200 && health.body().contains("UP")) {
                    return;
                }
            } catch (IllegalStateException notYetListening) {
                // the port opens once the context is up
            }
            sleep(500);
        }
        throw new IllegalStateException("node " + name + " not healthy after " + timeout + "; see " + log);
    }

    private void awaitAnswering(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + name + " stopped while starting; see " + log);
            }
            try {
                Api.Reply health = Api.anonymous(port).get("/actuator/health");
                if (health.status() == 200 || health.status() == 503) {
                    return;
                }
            } catch (IllegalStateException notYetListening) {
                // the port opens once the context is up
            }
            sleep(500);
        }
        throw new IllegalStateException("node " + name + " not answering after " + timeout + "; see " + log);
    }

    /** Ends the node as a crash would (SIGKILL): no shutdown hook, no rollback sent, connections just drop. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The node's log. */
    public List<String> logLines() throws IOException {
        return Files.readAllLines(log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
