package io.outboundcalls.distribution;

import io.outboundcalls.support.BenchDatabase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Times one distribution cycle (the assignment of offers to 200 Ready agents) on PostgreSQL with a backlog of 10 k,
 * 100 k and 1 M due calls, and prints the times and the ratio t(1 M)/t(10 k). Not a test: run it with
 * {@code mvn -Pbench verify} (see docs/distribution.md). It creates and drops a scratch database on the server given by
 * {@code -Dbench.url} (default jdbc:postgresql://127.0.0.1:5432/), user {@code -Dbench.user} (postgres).
 */
public final class DistributionBenchmark {

    static final int AGENTS = 200;
    static final int REPETITIONS = 25;

    public static void main(String[] args) throws Exception {
        List<Integer> backlogs = List.of(10_000, 100_000, 1_000_000);
        Map<Integer, double[]> results = new LinkedHashMap<>();
        // the engine without scheduled cycle or job executor: the cycle is called directly
        try (BenchDatabase database = BenchDatabase.create("bench_distribution");
                ConfigurableApplicationContext context = database.engine("--outbound.distribution.enabled=false",
                        "--camunda.bpm.job-execution.enabled=false", "--spring.datasource.hikari.maximum-pool-size=4")) {
            JdbcClient sql = context.getBean(JdbcClient.class);
            DistributionCycle cycle = context.getBean(DistributionCycle.class);
            UUID[] campaign = campaign(sql);
            int filled = 0;
            for (int backlog : backlogs) {
                fill(sql, campaign[0], campaign[1], filled, backlog);
                filled = backlog;
                sql.sql("vacuum analyze outbound_call").update();
                results.put(backlog, time(sql, cycle));
            }
        }
        System.out.println();
        System.out.println("Distribution cycle, " + AGENTS + " Ready agents, PostgreSQL, " + REPETITIONS
                + " cycles per backlog (each offers " + AGENTS + " calls)");
        System.out.printf(Locale.ROOT, "%12s %12s %12s %12s%n", "due calls", "median ms", "p90 ms", "max ms");
        results.forEach((backlog, t) -> System.out.printf(Locale.ROOT, "%12d %12.1f %12.1f %12.1f%n", backlog, t[0],
                t[1], t[2]));
        double ratio = results.get(1_000_000)[0] / results.get(10_000)[0];
        System.out.printf(Locale.ROOT, "ratio t(1M)/t(10k) of the medians: %.2f%n", ratio);
    }

    /** A Running list and 200 Ready agents with its project's skill; returns {project, list}. */
    private static UUID[] campaign(JdbcClient sql) {
        UUID ready = UUID.randomUUID();
        sql.sql("insert into agent_status (id, name, activity_type, allows_predistributed) values (:id, 'Ready',"
                + " 'Ready', true)").param("id", ready).update();
        UUID project = UUID.randomUUID();
        sql.sql("insert into project (id, name) values (:id, 'Bench')").param("id", project).update();
        UUID list = UUID.randomUUID();
        sql.sql("insert into outbound_list (id, name, project_id, state) values (:id, 'Bench', :project, 'Running')")
                .param("id", list).param("project", project).update();
        sql.sql("""
                insert into workplace (id, name, extension)
                select gen_random_uuid(), 'Seat ' || g, cast(9000 + g as varchar) from generate_series(1, :n) g
                """).param("n", AGENTS).update();
        sql.sql("""
                insert into agent (id, name, login, workplace_id, status_id, status_changed_at)
                select gen_random_uuid(), 'Agent ' || w.extension, 'bench' || w.extension, w.id, :ready,
                    now() - cast(w.extension as integer) * interval '1 second'
                from workplace w
                """).param("ready", ready).update();
        sql.sql("insert into agent_project_skill (agent_id, project_id) select id, :project from agent")
                .param("project", project).update();
        return new UUID[] {project, list};
    }

    /** Due calls waiting in Enqueue, as their process instances leave them (the instance itself is not needed). */
    private static void fill(JdbcClient sql, UUID project, UUID list, int from, int to) {
        long started = System.nanoTime();
        sql.sql("""
                insert into outbound_call (id, number, outbound_list_id, project_id, call_phase, call_result,
                    process_phase, process_instance_id, priority, schedule_time, origin)
                select gen_random_uuid(), '+420724' || lpad(cast(g as varchar), 6, '0'), :list, :project,
                    'Enqueue', 'Scheduled', 'Enqueue', 'bench', g % 10, now() - g * interval '1 millisecond', 'Sql'
                from generate_series(:from + 1, :to) g
                """).param("list", list).param("project", project).param("from", from).param("to", to).update();
        System.out.printf(Locale.ROOT, "backlog filled to %d due calls in %.1f s%n", to,
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * Median, p90 and max of one cycle's time in ms. The offers are taken back after each cycle and the table is
     * vacuumed, as autovacuum would between cycles, so every cycle sees the same queue.
     */
    private static double[] time(JdbcClient sql, DistributionCycle cycle) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < REPETITIONS + 5; i++) {
            sql.sql("vacuum outbound_call").update();
            long started = System.nanoTime();
            List<Offer> offers = cycle.assignOffers();
            double elapsed = (System.nanoTime() - started) / 1e6;
            if (offers.size() != AGENTS) {
                throw new IllegalStateException("a cycle offered " + offers.size() + " calls, not " + AGENTS);
            }
            if (i >= 5) {
                millis.add(elapsed); // the first cycles warm the JIT and the caches
            }
            takeOffersBack(sql);
        }
        Collections.sort(millis);
        return new double[] {millis.get(millis.size() / 2), millis.get((int) (millis.size() * 0.9)),
                millis.get(millis.size() - 1)};
    }

    private static void takeOffersBack(JdbcClient sql) {
        sql.sql("update outbound_call set call_phase = 'Enqueue', agent_id = null, offer_count = 0"
                + " where call_phase = 'Offered'").update();
        sql.sql("update agent set current_call_id = null where current_call_id is not null").update();
        sql.sql("delete from call_offer").update();
    }

    private DistributionBenchmark() {
    }
}
