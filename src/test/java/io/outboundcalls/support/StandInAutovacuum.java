package io.outboundcalls.support;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Vacuums and analyzes the engine's busiest tables every few seconds when the server's autovacuum is off (as on the CI
 * machine's PostgreSQL). Without it, a queue-like table such as the PBX event inbox keeps every dead row version in its
 * indexes and the planner knows no row counts, and a benchmark measures the server's configuration rather than the
 * engine. Every production PostgreSQL runs autovacuum; this does what it would, and the benchmark says so.
 */
public final class StandInAutovacuum implements AutoCloseable {

    private static final List<String> BUSY_TABLES = List.of("pbx_event", "pbx_dial", "outbound_call", "call_offer",
            "agent", "act_ru_execution", "act_ru_variable", "act_ru_task", "act_ru_event_subscr", "act_ru_job",
            "act_ru_meter_log", "act_ge_bytearray", "act_hi_procinst", "act_hi_actinst", "act_hi_taskinst");

    private final ScheduledExecutorService thread;

    private StandInAutovacuum(ScheduledExecutorService thread) {
        this.thread = thread;
    }

    /** Starts when the server's autovacuum is off, and says so on standard output; otherwise does nothing. */
    public static StandInAutovacuum startIfOff(JdbcClient sql, int everySeconds) {
        if (!"off".equals(sql.sql("show autovacuum").query(String.class).single())) {
            return new StandInAutovacuum(null);
        }
        System.out.println("autovacuum is off on this server: the benchmark runs VACUUM ANALYZE on the engine's "
                + BUSY_TABLES.size() + " busiest tables every " + everySeconds + " s, as autovacuum would");
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "stand-in-autovacuum");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(() -> {
            for (String table : BUSY_TABLES) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                try {
                    sql.sql("vacuum analyze " + table).update();
                } catch (RuntimeException e) {
                    // close() interrupts a round in progress, often while it waits for a connection: no failure
                    if (!Thread.currentThread().isInterrupted()) {
                        System.out.println("stand-in autovacuum of " + table + " failed: " + e.getMessage());
                    }
                }
            }
        }, everySeconds, everySeconds, TimeUnit.SECONDS);
        return new StandInAutovacuum(thread);
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.shutdownNow();
            try {
                // the engine and its pool close next: a VACUUM still running would fail on them
                thread.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
