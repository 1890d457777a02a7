package io.outboundcalls.process;

import io.outboundcalls.support.BenchDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the PostgreSQL server itself sustains on this machine right now: pgbench with one INSERT and one UPDATE per
 * transaction, two clients, in a scratch database of its own. The engine's call rate is read against it, so a slow
 * machine or a busy disk shows in the ratio rather than passing for a slow engine.
 */
final class RawPostgresRate {

    static final int CLIENTS = 2;
    static final int SECONDS = 10;

    // one commit per transaction, like the smallest unit of work the engine commits
    private static final String SCRIPT = """
            \\set aid random(1, 100000)
            \\set delta random(-5000, 5000)
            BEGIN;
            INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, :aid, :delta, CURRENT_TIMESTAMP);
            UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
            END;
            """;
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

    /** Transactions per second of the script above. */
    static double measure() throws Exception {
        Path script = Files.createTempFile("lifecycle-pgbench", ".sql");
        try (BenchDatabase database = BenchDatabase.create("bench_pgbench")) {
            Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
            run(database.client("pgbench", "-i", "-q"), 120);
            String report = run(database.client("pgbench", "-n", "-c", String.valueOf(CLIENTS), "-j",
                    String.valueOf(CLIENTS), "-T", String.valueOf(SECONDS), "-f", script.toString()), SECONDS + 60);
            Matcher tps = TPS.matcher(report);
            if (!tps.find()) {
                throw new IllegalStateException("no tps in pgbench's report:\n" + report);
            }
            return Double.parseDouble(tps.group(1));
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static String run(ProcessBuilder command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = command.start();
        // pgbench writes little; reading after the exit cannot block it on a full pipe
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command.command()) + " took over " + timeoutSeconds
                    + " s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command.command()) + " failed:\n" + output);
        }
        return output;
    }

    private RawPostgresRate() {
    }
}
