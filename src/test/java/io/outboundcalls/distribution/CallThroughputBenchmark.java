package io.outboundcalls.distribution;

import io.outboundcalls.support.BenchDatabase;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * End-to-end throughput of one engine node on PostgreSQL: calls written into an outbound list by SQL are taken up,
 * offered to Ready agents, dialed on the simulated PBX, talked and finished. Prints the rate of process starts and of
 * finished calls. Not a test: {@code mvn -Pbench verify -Dbench.main=io.outboundcalls.distribution.CallThroughputBenchmark}
 * ({@code -Dbench.calls}, {@code -Dbench.agents}).
 */
public final class CallThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        int calls = Integer.getInteger("bench.calls", 3000);
        int agents = Integer.getInteger("bench.agents", 50);
        try (BenchDatabase database = BenchDatabase.create("bench_throughput");
                ConfigurableApplicationContext context = database.engine("--outbound.distribution.interval=100ms",
                        "--outbound.pbx.simulator.answer-delay=50ms", "--outbound.pbx.simulator.talk-time=100ms")) {
            JdbcClient sql = context.getBean(JdbcClient.class);
            UUID list = campaign(sql, agents);
            long started = System.nanoTime();
            sql.sql("""
                    insert into outbound_call (id, number, outbound_list_id, origin)
                    select gen_random_uuid(), '+4207' || cast(30000000 + g * 10 + 1 as varchar), :list, 'Sql'
                    from generate_series(1, :n) g
                    """).param("list", list).param("n", calls).update();
            double allStarted = Double.NaN;
            while (true) {
                long withProcess = sql.sql("select count(*) from outbound_call where process_instance_id is not null")
                        .query(Long.class).single();
                long finished = sql.sql("select count(*) from outbound_call where call_phase = 'Finished'")
                        .query(Long.class).single();
                double seconds = (System.nanoTime() - started) / 1e9;
                if (Double.isNaN(allStarted) && withProcess == calls) {
                    allStarted = seconds;
                }
                System.out.printf(Locale.ROOT, "%6.1f s: %d started, %d finished%n", seconds, withProcess, finished);
                if (finished == calls) {
                    System.out.println();
                    System.out.printf(Locale.ROOT, "%d calls, %d agents, one node, PostgreSQL%n", calls, agents);
                    System.out.printf(Locale.ROOT, "process instances started: %.0f calls/s (%.1f s)%n",
                            calls / allStarted, allStarted);
                    System.out.printf(Locale.ROOT, "calls finished end to end: %.1f calls/s (%.1f s)%n",
                            calls / seconds, seconds);
                    break;
                }
                Thread.sleep(2000);
            }
        }
    }

    /** A Running list whose project has no result bar and no post-call pause, and Ready agents with its skill. */
    private static UUID campaign(JdbcClient sql, int agents) {
        UUID ready = UUID.randomUUID();
        sql.sql("insert into agent_status (id, name, activity_type, allows_predistributed) values (:id, 'Ready',"
                + " 'Ready', true)").param("id", ready).update();
        UUID project = UUID.randomUUID();
        sql.sql("insert into project (id, name, show_result_bar) values (:id, 'Throughput', false)")
                .param("id", project).update();
        UUID list = UUID.randomUUID();
        sql.sql("insert into outbound_list (id, name, project_id, state) values (:id, 'Throughput', :p, 'Running')")
                .param("id", list).param("p", project).update();
        sql.sql("""
                insert into workplace (id, name, extension)
                select gen_random_uuid(), 'Seat ' || g, cast(9000 + g as varchar) from generate_series(1, :n) g
                """).param("n", agents).update();
        sql.sql("""
                insert into agent (id, name, login, workplace_id, status_id, status_changed_at)
                select gen_random_uuid(), 'Agent ' || w.extension, 'bench' || w.extension, w.id, :ready, now()
                from workplace w
                """).param("ready", ready).update();
        sql.sql("insert into agent_project_skill (agent_id, project_id) select id, :p from agent")
                .param("p", project).update();
        return list;
    }

    private CallThroughputBenchmark() {
    }
}
