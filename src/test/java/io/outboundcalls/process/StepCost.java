package io.outboundcalls.process;

import io.outboundcalls.support.Api;
import io.outboundcalls.support.BenchDatabase;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What each step of a call costs the database: transactions, statements and execution time, read from PostgreSQL's
 * own counters ({@code pg_stat_statements}) around each step of {@code bench.calls} calls
 * taken through it together, minus what the idle engine does in the same time (its pollers). Not a test; run it with
 * <pre>
 * mvn -Pbench verify -Dbench.main=io.outboundcalls.process.StepCost [-Dbench.calls=50]
 * </pre>
 * It needs {@code pg_stat_statements} in the server's {@code shared_preload_libraries}. The simulated PBX answers
 * 8 s after the dial and hangs up 8 s after the answer, so that each PBX event falls into a step of its own.
 */
public final class StepCost {

    private static final Duration PBX_STEP = Duration.ofMillis(5000);
    private static final String SUCCESS = LifecycleBenchmark.SUCCESS;

    private record Counters(long transactions, long statements, double milliseconds) {
        Counters minus(Counters other) {
            return new Counters(transactions - other.transactions, statements - other.statements,
                    milliseconds - other.milliseconds);
        }
    }

    private record Statement(String query, long calls) { }

    private static final boolean DETAIL = Boolean.getBoolean("bench.detail");

    private final JdbcClient sql;
    private final int calls;
    private Counters idlePerSecond;
    private final List<String> rows = new ArrayList<>();

    private StepCost(JdbcClient sql, int calls) {
        this.sql = sql;
        this.calls = calls;
    }

    public static void main(String[] args) throws Exception {
        int calls = Integer.getInteger("bench.calls", 50);
        System.out.println("date: " + ZonedDateTime.now().withNano(0));
        System.out.println("command: mvn -Pbench verify -Dbench.main=" + StepCost.class.getName()
                + " -Dbench.calls=" + calls);
        int exitCode = 0;
        try (BenchDatabase database = BenchDatabase.create("bench_steps");
                ConfigurableApplicationContext context = database.engine("--spring.profiles.active=default",
                        "--outbound.distribution.interval=200ms", "--outbound.pbx.simulator.answer-delay=8s",
                        "--outbound.pbx.simulator.talk-time=8s",
                        // the production default: the tests' 8 s would make every sweep read each talking call
                        "--outbound.pbx.ring-timeout=60s")) {
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            JdbcClient sql = context.getBean(JdbcClient.class);
            String preloaded = sql.sql("show shared_preload_libraries").query(String.class).single();
            if (!preloaded.contains("pg_stat_statements")) {
                // the counters are read only after the set-up: say so now, not in a stack trace a minute later
                System.err.println("StepCost reads pg_stat_statements, which this server does not load"
                        + " (shared_preload_libraries = '" + preloaded + "'). Run, as a superuser: ALTER SYSTEM SET"
                        + " shared_preload_libraries = 'pg_stat_statements'; then restart PostgreSQL"
                        + " (docs/benchmarks.md).");
                exitCode = 2;
            } else {
                sql.sql("create extension if not exists pg_stat_statements").update();
                new StepCost(sql, calls).run(port);
            }
        }
        if (exitCode != 0) {
            System.exit(exitCode); // after the scratch database is dropped
        }
    }

    private void run(int port) throws Exception {
        Api admin = Api.as(port, "admin", "admin");
        String project = Api.created(admin.post("/api/projects", """
                {"name":"Steps","showResultBar":true,"resultWaitSeconds":null,"postCallPauseSeconds":null,
                 "maxOfferAttempts":3,"defaultPriority":0}"""));
        String list = Api.created(admin.post("/api/outbound-lists",
                "{\"name\":\"Steps list\",\"projectId\":\"" + project + "\",\"state\":\"Stopped\"}"));
        String ready = Api.idNamed(admin.get("/api/agent-statuses").json(), "Ready");
        List<Api> desktops = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            String workplace = Api.created(admin.post("/api/workplaces",
                    "{\"name\":\"Steps seat " + i + "\",\"extension\":\"" + (30000 + i) + "\"}"));
            String login = "steps" + i;
            Api.created(admin.post("/api/agents", "{\"name\":\"Steps agent " + i + "\",\"login\":\"" + login
                    + "\",\"password\":\"" + login + "\",\"allowWrite\":true,\"workplaceId\":\"" + workplace
                    + "\",\"projectIds\":[\"" + project + "\"]}"));
            Api desktop = Api.as(port, login, login);
            desktop.put("/api/agent/status", "{\"statusId\":\"" + ready + "\"}");
            desktops.add(desktop);
        }
        Thread.sleep(3000); // the set-up's own statements settle

        Counters start = counters();
        Thread.sleep(6000);
        idlePerSecond = scaled(counters().minus(start), 1 / 6.0);
        System.out.printf(Locale.ROOT, "idle engine: %.1f transactions, %.1f statements, %.2f ms a second%n",
                (double) idlePerSecond.transactions, (double) idlePerSecond.statements, idlePerSecond.milliseconds);

        step("intake: `POST /api/calls` (row, process start)", Duration.ofMillis(1500), () -> {
            for (int i = 0; i < calls; i++) {
                Api.created(admin.post("/api/calls", "{\"number\":\"+4207" + (40000000 + i * 10 + 1)
                        + "\",\"outboundListId\":\"" + list + "\"}"));
            }
        }, () -> count("c.call_phase = 'Enqueue'") == calls);
        step("offer, its delivery to the call and the dial request; the originate after the commit", PBX_STEP,
                () -> admin.put("/api/outbound-lists/" + list + "/state", "{\"state\":\"Running\"}"),
                () -> count("c.call_phase in ('Dialing', 'AgentTalk')") == calls);
        step("PBX event `CustomerAnswered`: stored, handled (talk)", PBX_STEP, () -> { },
                () -> count("c.answered_at is not null") == calls);
        step("PBX event `HungUp`: stored, handled (after-call work, result task)", PBX_STEP, () -> { },
                () -> count("c.call_phase = 'Result'") == calls);
        List<String> tasks = new ArrayList<>();
        step("the agent's task list (`GET /api/agent/tasks`)", Duration.ofMillis(1500), () -> {
            for (Api desktop : desktops) {
                tasks.add(desktop.get("/api/agent/tasks").json().get(0).get("taskId").asText());
            }
        }, () -> tasks.size() == calls);
        step("result: `POST /api/agent/tasks/{id}/result` (decision, row, end)", Duration.ofMillis(1500), () -> {
            for (int i = 0; i < calls; i++) {
                desktops.get(i).post("/api/agent/tasks/" + tasks.get(i) + "/result",
                        "{\"callResultDetailId\":\"" + SUCCESS + "\"}");
            }
        }, () -> count("c.call_phase = 'Finished'") == calls);

        System.out.println();
        System.out.println("| step | transactions | statements | database ms |");
        System.out.println("| --- | ---: | ---: | ---: |");
        rows.forEach(System.out::println);
    }

    /** Runs the action, waits for the condition, and books what the database did in the window, per call. */
    private void step(String name, Duration window, Runnable action, BooleanSupplier done) throws Exception {
        Counters before = counters();
        java.util.Map<Long, Statement> statementsBefore = DETAIL ? statements() : java.util.Map.of();
        long began = System.nanoTime();
        action.run();
        long deadline = began + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("step not done within 60 s: " + name);
            }
            Thread.sleep(50);
        }
        long remaining = began + window.toNanos() - System.nanoTime();
        if (remaining > 0) {
            Thread.sleep(remaining / 1_000_000);
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        Counters used = counters().minus(before).minus(scaled(idlePerSecond, seconds));
        rows.add(String.format(Locale.ROOT, "| %s | %.1f | %.0f | %.1f |", name, used.transactions / (double) calls,
                used.statements / (double) calls, used.milliseconds / calls));
        System.out.printf(Locale.ROOT, "%s: %.1f s%n", name, seconds);
        if (DETAIL) {
            printStatements(statementsBefore, statements());
        }
    }

    /** With -Dbench.detail=true: each statement's calls per call in the step (the idle pollers' share included). */
    private void printStatements(java.util.Map<Long, Statement> before, java.util.Map<Long, Statement> after) {
        after.entrySet().stream()
                .map(e -> new Statement(e.getValue().query(), e.getValue().calls()
                        - before.getOrDefault(e.getKey(), new Statement("", 0)).calls()))
                .filter(s -> s.calls() > 0)
                .sorted((a, b) -> Long.compare(b.calls(), a.calls()))
                .forEach(s -> System.out.printf(Locale.ROOT, "  %6.2f  %s%n", s.calls() / (double) calls,
                        s.query().replaceAll("\\s+", " ").substring(0, Math.min(160,
                                s.query().replaceAll("\\s+", " ").length()))));
    }

    private java.util.Map<Long, Statement> statements() {
        java.util.Map<Long, Statement> all = new java.util.HashMap<>();
        sql.sql("""
                select queryid, query, calls from pg_stat_statements
                where dbid = (select oid from pg_database where datname = current_database())
                  and query not like '%pg_stat_%'""")
                .query((rs, row) -> all.put(rs.getLong(1), new Statement(rs.getString(2), rs.getLong(3))))
                .list();
        return all;
    }

    private Counters counters() {
        // a transaction the engine opens shows as a BEGIN; single statements outside one (the pollers' reads) are
        // counted as statements only
        return sql.sql("""
                select coalesce(sum(calls) filter (where query ~* '^begin'), 0),
                       coalesce(sum(calls) filter (where query !~* '^(begin|commit|end|rollback)'), 0),
                       coalesce(sum(total_exec_time), 0)
                from pg_stat_statements
                where dbid = (select oid from pg_database where datname = current_database())
                  and query not like '%pg_stat_%' and query not like '%Steps list%'""")
                .query((rs, row) -> new Counters(rs.getLong(1), rs.getLong(2), rs.getDouble(3))).single();
    }

    private static Counters scaled(Counters counters, double factor) {
        return new Counters(Math.round(counters.transactions * factor), Math.round(counters.statements * factor),
                counters.milliseconds * factor);
    }

    private long count(String condition) {
        return sql.sql("select count(*) from outbound_call c join outbound_list l on l.id = c.outbound_list_id"
                + " where l.name = 'Steps list' and " + condition).query(Long.class).single();
    }
}
