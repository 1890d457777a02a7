package io.outboundcalls.process;

import io.outboundcalls.support.Api;
import io.outboundcalls.support.BenchDatabase;
import io.outboundcalls.support.CpuTime;
import io.outboundcalls.support.StandInAutovacuum;
import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The whole lifecycle of outbound calls on PostgreSQL, driven over HTTP as a CRM and the agents' desktops drive it,
 * read against the raw rate of the same PostgreSQL server measured by pgbench in the same run; then the rate at which
 * an imported backlog gets its process instances. Not a test; run it with
 * <pre>
 * mvn -Pbench verify -Dbench.main=io.outboundcalls.process.LifecycleBenchmark
 *     [-Dbench.calls=2000] [-Dbench.warmupCalls=1000] [-Dbench.agents=300] [-Dbench.seconds=600]
 *     [-Dbench.queuedCalls=1200] [-Dbench.rows=100000] [-Dbench.importSeconds=60] [-Dbench.waitSeconds=20]
 *     [-Dbench.pollMillis=1000]
 *     [-Dbench.vacuumSeconds=10] [-Dbench.keep=false] [-Dbench.url=jdbc:postgresql://127.0.0.1:5432/]
 * </pre>
 * Phase 1: the engine with the simulated PBX at zero delays and a 100 ms distribution cycle; as admin over HTTP a
 * project with the result bar and no post-call pause, a Running list, {@code bench.agents} agents made Ready by
 * themselves; first {@code bench.warmupCalls} calls on a list of their own to warm the JVM up (printed, not counted),
 * then {@code bench.calls} calls posted from 4 client threads while each agent's desktop waits for its next task
 * ({@code GET /api/agent/tasks?waitSeconds=20}) and enters the result Success ({@code -Dbench.waitSeconds=0}: 12
 * desktop threads poll each agent's tasks once per {@code bench.pollMillis} instead). Each round ends when every call
 * is Finished, after {@code bench.seconds}, or once all calls are created and none has finished for 60 s (a call the
 * engine lost never finishes), and prints where the rest are stuck. Phase 1b ({@code -Dbench.queuedCalls=0} skips it):
 * {@code bench.queuedCalls} calls queued on a Paused list before the list is set Running, for the gap between an
 * agent's result and their next offer while calls wait. Phase 2 ({@code -Dbench.rows=0} skips it):
 * {@code bench.rows} rows imported as CSV into a Running list whose project no agent serves, so the calls stay queued,
 * and the rate of process starts sampled every second, over the whole backlog or over the first
 * {@code bench.importSeconds} after the import's 200, whichever ends first. Last, each goal of issue 10 with this
 * run's figure and whether it was met ({@link IssueGoals}). Creates and drops scratch databases on
 * {@code bench.url}; all traffic goes to that server and to the engine on 127.0.0.1.
 */
public final class LifecycleBenchmark {

    static final String SUCCESS = "00000000-0000-4000-8000-000000001001";
    static final int CALL_CLIENTS = 4;
    static final int DESKTOP_THREADS = 12;
    static final int STALL_SECONDS = 60;
    /** How often each agent's desktop asks for its tasks: a desktop's result bar polls about once a second. */
    static final Duration DESKTOP_POLL = Duration.ofMillis(Long.getLong("bench.pollMillis", 1000));
    /** Calls worked through before the measured ones, on a list of their own; 0: the scenario runs on a cold JVM. */
    static final int WARMUP_CALLS = Integer.getInteger("bench.warmupCalls", 1000);
    /** How long a waiting desktop's request for its next task lasts at most; 0: the desktops poll. */
    static final int DESKTOP_WAIT_SECONDS = Integer.getInteger("bench.waitSeconds", 20);
    /** Calls queued before the agents start, for the gap while calls wait (phase 1b); 0 skips it. */
    static final int QUEUED_CALLS = Integer.getInteger("bench.queuedCalls", 1200);

    public static void main(String[] args) throws Exception {
        int calls = Integer.getInteger("bench.calls", 2000);
        int agents = Integer.getInteger("bench.agents", 300);
        int seconds = Integer.getInteger("bench.seconds", 600);
        int rows = Integer.getInteger("bench.rows", 100_000);
        int importSeconds = Integer.getInteger("bench.importSeconds", 60);
        System.out.println("date: " + ZonedDateTime.now().withNano(0));
        System.out.println("cores: " + Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "command: mvn -Pbench verify -Dbench.main=%s -Dbench.calls=%d"
                + " -Dbench.warmupCalls=%d -Dbench.agents=%d -Dbench.seconds=%d -Dbench.queuedCalls=%d"
                + " -Dbench.rows=%d -Dbench.importSeconds=%d%n", LifecycleBenchmark.class.getName(), calls,
                WARMUP_CALLS, agents, seconds, QUEUED_CALLS, rows, importSeconds);

        // before the engine starts, so that nothing of this run competes with pgbench for the cores
        double rawRate = RawPostgresRate.measure();
        System.out.printf(Locale.ROOT, "raw PostgreSQL rate (pgbench, 1 INSERT + 1 UPDATE per tx, %d clients, %d s):"
                + " %.0f tx/s%n", RawPostgresRate.CLIENTS, RawPostgresRate.SECONDS, rawRate);
        double naiveRate = NaiveProcessRate.measure();
        System.out.printf(Locale.ROOT, "naive Camunda process (start, service task, receive task, user task, end; %d"
                + " clients, %d s after %d s of warm-up): %.1f processes/s, ratio to raw %.4f%n",
                NaiveProcessRate.CLIENTS, NaiveProcessRate.SECONDS, NaiveProcessRate.WARMUP_SECONDS, naiveRate,
                naiveRate / rawRate);

        try (BenchDatabase database = BenchDatabase.create("bench_lifecycle");
                // the demo data (BenchDatabase adds the profile) bring admin/admin, the Ready status and Success; the
                // test configuration on the classpath caps CSV bodies for its tests, far below the backlog's file
                ConfigurableApplicationContext context = database.engine("--spring.profiles.active=default",
                        "--outbound.distribution.interval=100ms", "--outbound.pbx.simulator.answer-delay=0ms",
                        "--outbound.pbx.simulator.talk-time=0ms", "--outbound.limits.max-csv-bytes=1GB")) {
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            JdbcClient sql = context.getBean(JdbcClient.class);
            Api admin = Api.as(port, "admin", "admin");
            int vacuumSeconds = Integer.getInteger("bench.vacuumSeconds", 10);
            try (StandInAutovacuum vacuum = StandInAutovacuum.startIfOff(sql, vacuumSeconds)) {
                IssueGoals.Lifecycle run = lifecycle(port, sql, admin, calls, agents, seconds, rawRate, naiveRate);
                double starts = rows > 0 ? backlog(port, sql, admin, rows, importSeconds) : Double.NaN;
                new IssueGoals(run, rows, starts).print();
            }
        }
    }

    private static IssueGoals.Lifecycle lifecycle(int port, JdbcClient sql, Api admin, int calls, int agentCount,
            int seconds, double rawRate, double naiveRate) throws Exception {
        String project = Api.created(admin.post("/api/projects", """
                {"name":"Lifecycle","showResultBar":true,"resultWaitSeconds":null,"postCallPauseSeconds":null,
                 "maxOfferAttempts":3,"defaultPriority":0}"""));
        UUID list = UUID.fromString(Api.created(admin.post("/api/outbound-lists",
                "{\"name\":\"Lifecycle list\",\"projectId\":\"" + project + "\",\"state\":\"Running\"}")));
        String ready = Api.idNamed(admin.get("/api/agent-statuses").json(), "Ready");
        List<AgentDesktops.Seat> seats = new ArrayList<>();
        for (int i = 0; i < agentCount; i++) {
            String workplace = Api.created(admin.post("/api/workplaces",
                    "{\"name\":\"Lifecycle seat " + i + "\",\"extension\":\"" + (20000 + i) + "\"}"));
            String login = "lifecycle" + i;
            String agent = Api.created(admin.post("/api/agents", "{\"name\":\"Lifecycle agent " + i + "\",\"login\":\""
                    + login + "\",\"password\":\"" + login + "\",\"allowWrite\":true,\"workplaceId\":\"" + workplace
                    + "\",\"projectIds\":[\"" + project + "\"]}"));
            seats.add(new AgentDesktops.Seat(UUID.fromString(agent), login, login));
        }
        for (AgentDesktops.Seat seat : seats) {
            expect(200, Api.as(port, seat.login(), seat.password()).put("/api/agent/status",
                    "{\"statusId\":\"" + ready + "\"}"));
        }
        if (WARMUP_CALLS > 0) {
            // a cold JVM spends its first half minute compiling (the JIT took 20 % of the engine's CPU then): the
            // scenario is measured on a warm engine, as a production node runs, and the cold round is printed as well
            UUID warmupList = UUID.fromString(Api.created(admin.post("/api/outbound-lists",
                    "{\"name\":\"Lifecycle warm-up list\",\"projectId\":\"" + project + "\",\"state\":\"Running\"}")));
            Round warmup = round(port, sql, admin, seats, warmupList, WARMUP_CALLS, 50_000_000, seconds);
            long warmFinished = count(sql, "select count(*) from outbound_call where outbound_list_id = :list"
                    + " and call_phase = 'Finished'", warmupList);
            System.out.printf(Locale.ROOT, "warm-up on a cold JVM (not counted below): %d of %d calls finished,"
                    + " %.1f calls/s, CPU per finished call %.1f ms in this JVM and %.1f ms in PostgreSQL (%s)%n",
                    warmFinished, WARMUP_CALLS, finishRate(sql, warmupList, warmup.firstPost(), warmFinished),
                    warmup.cpu().jvmNanos() / 1e6 / Math.max(1, warmFinished),
                    warmup.cpu().postgresNanos() / 1e6 / Math.max(1, warmFinished), warmup.stop());
        }
        long historyBefore = historyBytes(sql);
        Round measured = round(port, sql, admin, seats, list, calls, 30_000_000, seconds);
        Instant firstPost = measured.firstPost();
        Instant lastPost = measured.lastPost();
        String stop = measured.stop();
        List<AgentDesktops.AcceptedResult> accepted = measured.accepted();
        Map<String, AtomicLong> refusals = measured.refusals();
        CpuTime cpu = measured.cpu();

        System.out.println();
        System.out.println("== phase 1: lifecycle over HTTP ==");
        System.out.printf(Locale.ROOT, "calls: %d, agents: %d, desktops: %s, call clients: %d%n", calls, agentCount,
                DESKTOP_WAIT_SECONDS > 0 ? "each waits for its next task (waitSeconds=" + DESKTOP_WAIT_SECONDS + ")"
                        : Math.min(DESKTOP_THREADS, agentCount) + " threads polling every " + DESKTOP_POLL.toMillis()
                                + " ms", CALL_CLIENTS);
        System.out.println("stopped: " + stop);
        System.out.println("calls by phase at the end:");
        sql.sql("select call_phase, call_result, count(*) from outbound_call where outbound_list_id = :list"
                + " group by 1, 2 order by 1, 2").param("list", list).query((rs, n) -> String.format(Locale.ROOT,
                        "  %-10s %-10s %d", rs.getString(1), rs.getString(2), rs.getLong(3)))
                .list().forEach(System.out::println);
        long finished = count(sql, "select count(*) from outbound_call where outbound_list_id = :list"
                + " and call_phase = 'Finished'", list);
        if (lastPost != null) {
            double postSeconds = Duration.between(firstPost, lastPost).toNanos() / 1e9;
            System.out.printf(Locale.ROOT, "calls created (POST /api/calls): %.1f calls/s (%.1f s)%n",
                    calls / postSeconds, postSeconds);
        } else {
            System.out.println("calls created (POST /api/calls): not all within the time limit");
        }
        double callRate = finishRate(sql, list, firstPost, finished);
        if (!Double.isNaN(callRate)) {
            System.out.printf(Locale.ROOT, "calls finished end to end: %.1f calls/s (%d of %d in %.1f s, first POST to"
                    + " last finished_at)%n", callRate, finished, calls, finished / callRate);
        }
        System.out.printf(Locale.ROOT, "CPU per finished call: %.1f ms in this JVM (engine and its HTTP clients), %.1f ms"
                + " in PostgreSQL's processes%n", cpu.jvmNanos() / 1e6 / Math.max(1, finished),
                cpu.postgresNanos() / 1e6 / Math.max(1, finished));
        // the desktops and posting threads share the JVM and its cores with the engine; real ones run elsewhere
        System.out.printf(Locale.ROOT, "  of this JVM's: %.1f ms in the engine, at least %.1f ms in the benchmark's"
                + " clients (desktops, posting threads, the JDK's HTTP client)%n",
                cpu.engineNanos() / 1e6 / Math.max(1, finished), cpu.clientNanos() / 1e6 / Math.max(1, finished));
        System.out.printf(Locale.ROOT, "raw PostgreSQL rate: %.0f tx/s%n", rawRate);
        System.out.printf(Locale.ROOT, "ratio calls/s / raw tx/s: %.4f%n", callRate / rawRate);
        System.out.printf(Locale.ROOT, "ratio calls/s / naive Camunda processes/s: %.2f (naive: %.1f/s)%n",
                callRate / naiveRate, naiveRate);

        boolean everyCallOnce = printChecks(sql, list, calls, accepted);
        System.out.println("desktop answers other than 200: " + refusals);

        DesktopGaps gaps = printGaps(sql, list, agentCount, accepted);
        long historyAfter = historyBytes(sql);
        System.out.printf(Locale.ROOT, "history per finished call: %.0f bytes (act_hi_%% tables grew %.1f MB for %d"
                + " calls)%n", finished == 0 ? Double.NaN : (historyAfter - historyBefore) / (double) finished,
                (historyAfter - historyBefore) / 1e6, finished);
        double queuedGap = QUEUED_CALLS > 0 ? queuedRound(port, sql, admin, seats, project, seconds) : Double.NaN;
        return new IssueGoals.Lifecycle(calls, finished, everyCallOnce, callRate, rawRate,
                (cpu.jvmNanos() + cpu.postgresNanos()) / 1e6 / Math.max(1, finished),
                Runtime.getRuntime().availableProcessors(), p99(gaps.whileACallWaited()),
                p99(gaps.all()), queuedGap,
                finished == 0 ? Double.NaN : (historyAfter - historyBefore) / (double) finished);
    }

    /**
     * Phase 1b: the gap between an agent's result and their next offer while calls wait for the agents. The round
     * above has such moments only while its posting outpaces 300 agents, which a slow machine never does; here
     * {@code bench.queuedCalls} calls wait in Enqueue on a Paused list before every desktop waits for its task and the
     * list is set Running, so that nearly every result but each agent's last meets a call in the queue.
     */
    private static double queuedRound(int port, JdbcClient sql, Api admin, List<AgentDesktops.Seat> seats,
            String project, int seconds) throws Exception {
        UUID list = UUID.fromString(Api.created(admin.post("/api/outbound-lists",
                "{\"name\":\"Lifecycle queue list\",\"projectId\":\"" + project + "\",\"state\":\"Paused\"}")));
        Round round = round(port, sql, admin, seats, list, QUEUED_CALLS, 70_000_000, seconds, true);
        long finished = count(sql, "select count(*) from outbound_call where outbound_list_id = :list"
                + " and call_phase = 'Finished'", list);
        System.out.println();
        System.out.println("== phase 1b: the agents' gap while calls wait in the queue ==");
        System.out.printf(Locale.ROOT, "calls: %d queued on a Paused list, then the list set Running while %d desktops"
                + " waited for their tasks%n", QUEUED_CALLS, seats.size());
        System.out.println("stopped: " + round.stop());
        // without the intake's share of the cores: the engine's rate from a queue, not the goal's scenario
        System.out.printf(Locale.ROOT, "calls finished from the queue: %.1f calls/s (%d of %d, from Running to the last"
                + " finished_at), CPU per call %.1f ms in this JVM and %.1f ms in PostgreSQL%n",
                finishRate(sql, list, round.firstPost(), finished), finished, QUEUED_CALLS,
                round.cpu().jvmNanos() / 1e6 / Math.max(1, finished),
                round.cpu().postgresNanos() / 1e6 / Math.max(1, finished));
        boolean everyCallOnce = printChecks(sql, list, QUEUED_CALLS, round.accepted());
        System.out.println("desktop answers other than 200: " + round.refusals());
        DesktopGaps gaps = printGaps(sql, list, seats.size(), round.accepted());
        // a gap measured on a round that lost or doubled a call would not be the engine's
        return everyCallOnce ? p99(gaps.whileACallWaited()) : Double.POSITIVE_INFINITY;
    }

    /** The gaps from each accepted result to that agent's next offer, in ms, sorted: all, and while a call waited. */
    private record DesktopGaps(List<Double> all, List<Double> whileACallWaited) {
    }

    /**
     * Prints a round's gaps from a result to the agent's next offer, at the desktop and as the engine sees it. An agent
     * who finishes while no call is queued (the first seconds, when 300 agents wait for the first calls to be created,
     * and the last ones) waits for a call, not for the engine; so does one who finishes while fewer calls are queued
     * than other agents are idle, since the agent who has waited longest is offered a call first. The gaps are printed
     * for every result, and for the results at whose moment more calls of the list waited in the queue than other
     * agents were idle: then a call was there for this agent at once.
     */
    private static DesktopGaps printGaps(JdbcClient sql, UUID list, int agents,
            List<AgentDesktops.AcceptedResult> accepted) {
        Supply supply = Supply.of(sql, list, agents);
        List<Gap> desktopGaps = resultToNextOffer(sql, list, accepted);
        DesktopGaps gaps = new DesktopGaps(Gap.sorted(desktopGaps),
                Gap.sorted(desktopGaps.stream().filter(supply::callWaitedFor).toList()));
        printGaps("result accepted (200 at the desktop) -> the agent's next offer", gaps.all());
        printGaps("  the same, while a call waited for this agent", gaps.whileACallWaited());
        // the same gap as the engine sees it, without the HTTP answer's way back to the desktop
        List<Gap> serverGaps = serverGaps(sql, list);
        printGaps("call finished_at -> the agent's next offer (server side)", Gap.sorted(serverGaps));
        printGaps("  the same, while a call waited for this agent", Gap.sorted(serverGaps.stream()
                .filter(supply::callWaitedFor).toList()));
        return gaps;
    }

    /** Prints the invariants of a round's calls and whether each held; true if all did. */
    private static boolean printChecks(JdbcClient sql, UUID list, int calls,
            List<AgentDesktops.AcceptedResult> accepted) {
        long success = count(sql, "select count(*) from outbound_call where outbound_list_id = :list"
                + " and call_phase = 'Finished' and call_result = 'Success'", list);
        long oneTaken = count(sql, """
                select count(*) from (select c.id from outbound_call c
                  left join call_offer o on o.call_id = c.id and o.outcome = 'Taken'
                  where c.outbound_list_id = :list group by c.id having count(o.id) = 1) once""", list);
        long acceptedCalls = accepted.stream().map(AgentDesktops.AcceptedResult::callId).distinct().count();
        long callOverlaps = count(sql, """
                select count(*) from call_offer a join call_offer b on a.call_id = b.call_id and a.id < b.id
                where a.offered_at < coalesce(b.ended_at, 'infinity')
                  and b.offered_at < coalesce(a.ended_at, 'infinity')
                  and a.call_id in (select id from outbound_call where outbound_list_id = :list)""", list);
        long agentOverlaps = count(sql, """
                select count(*) from call_offer a join call_offer b on a.agent_id = b.agent_id and a.id < b.id
                where a.offered_at < coalesce(b.ended_at, 'infinity')
                  and b.offered_at < coalesce(a.ended_at, 'infinity')
                  and a.call_id in (select id from outbound_call where outbound_list_id = :list)""", list);
        System.out.printf(Locale.ROOT, "check Finished/Success: %d of %d %s%n", success, calls,
                verdict(success == calls));
        System.out.printf(Locale.ROOT, "check exactly one Taken offer per call: %d of %d %s%n", oneTaken, calls,
                verdict(oneTaken == calls));
        System.out.printf(Locale.ROOT, "check no result accepted twice for a call: %d accepted for %d calls %s%n",
                accepted.size(), acceptedCalls, verdict(accepted.size() == acceptedCalls));
        System.out.printf(Locale.ROOT, "check no call offered to two agents at once: %d overlapping pairs %s%n",
                callOverlaps, verdict(callOverlaps == 0));
        System.out.printf(Locale.ROOT, "check no agent holding two offers at once: %d overlapping pairs %s%n",
                agentOverlaps, verdict(agentOverlaps == 0));
        System.out.println("offers by outcome: " + sql.sql("select coalesce(outcome, 'open') || ' ' || count(*)"
                + " from call_offer where call_id in (select id from outbound_call where outbound_list_id = :list)"
                + " group by outcome order by 1").param("list", list).query(String.class).list());
        return success == calls && oneTaken == calls && accepted.size() == acceptedCalls && callOverlaps == 0
                && agentOverlaps == 0;
    }

    /** For each call of the list that an agent finished, from its finished_at to that agent's next offer. */
    private static List<Gap> serverGaps(JdbcClient sql, UUID list) {
        return sql.sql("""
                select o.agent_id, c.finished_at, extract(epoch from (o.next_offer - c.finished_at)) * 1000 from (
                  select agent_id, call_id,
                    lead(offered_at) over (partition by agent_id order by offered_at) next_offer
                  from call_offer where call_id in (select id from outbound_call where outbound_list_id = :list)) o
                join outbound_call c on c.id = o.call_id
                where o.next_offer is not null and c.finished_at is not null""").param("list", list)
                .query((rs, row) -> new Gap(rs.getObject(1, UUID.class),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getDouble(3)))
                .list();
    }

    /** What one round of calls through the desktops left behind. */
    private record Round(Instant firstPost, Instant lastPost, String stop, List<AgentDesktops.AcceptedResult> accepted,
            Map<String, AtomicLong> refusals, CpuTime cpu) {
    }

    /**
     * {@code calls} calls (numbers from {@code numbers} on, distinct across rounds) posted into {@code list} from
     * {@link #CALL_CLIENTS} threads while the seats' desktops work them; returns once every call is Finished, at the
     * time limit, or when none finished for {@link #STALL_SECONDS}.
     */
    private static Round round(int port, JdbcClient sql, Api admin, List<AgentDesktops.Seat> seats, UUID list,
            int calls, int numbers, int seconds) throws Exception {
        return round(port, sql, admin, seats, list, calls, numbers, seconds, false);
    }

    /**
     * As {@link #round(int, JdbcClient, Api, List, UUID, int, int, int)}; with {@code queuedFirst} the list is Paused,
     * every call is posted and waits in Enqueue with its process instance, and the round (its rate, its CPU) starts
     * when the desktops are up and the list is set Running.
     */
    private static Round round(int port, JdbcClient sql, Api admin, List<AgentDesktops.Seat> seats, UUID list,
            int calls, int numbers, int seconds, boolean queuedFirst) throws Exception {
        Instant firstPost;
        String stop;
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CpuTime cpuBefore;
        CpuTime cpu;
        ExecutorService clients = Executors.newFixedThreadPool(CALL_CLIENTS, CpuTime.clientThreads("calls"));
        try {
            List<Future<Instant>> posts = List.of();
            if (queuedFirst) {
                posts = post(clients, admin, list, calls, numbers);
                for (Future<Instant> post : posts) {
                    post.get();
                }
                waitUntilQueued(sql, list, calls, deadline);
            }
            try (AgentDesktops desktops = DESKTOP_WAIT_SECONDS > 0
                    ? AgentDesktops.startWaiting(port, seats, SUCCESS, DESKTOP_WAIT_SECONDS)
                    : AgentDesktops.start(port, seats, Math.min(DESKTOP_THREADS, seats.size()), SUCCESS,
                            DESKTOP_POLL)) {
                firstPost = Instant.now();
                cpuBefore = CpuTime.now();
                if (queuedFirst) {
                    expect(200, admin.put("/api/outbound-lists/" + list + "/state", "{\"state\":\"Running\"}"));
                } else {
                    posts = post(clients, admin, list, calls, numbers);
                }
                long finished = 0;
                long lastReport = 0;
                long lastProgress = System.nanoTime();
                while (true) {
                    Thread.sleep(250);
                    for (Future<Instant> post : posts) {
                        if (post.isDone()) {
                            post.get(); // a refused POST ends the run here rather than at the time limit
                        }
                    }
                    long nowFinished = count(sql, "select count(*) from outbound_call where outbound_list_id = :list"
                            + " and call_phase = 'Finished'", list);
                    if (nowFinished > finished) {
                        finished = nowFinished;
                        lastProgress = System.nanoTime();
                    }
                    if (finished == calls) {
                        stop = "every call Finished";
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        stop = "time limit of " + seconds + " s";
                        break;
                    }
                    // calls the engine has lost (a message it did not take) never finish: do not wait for them in vain
                    if (posts.stream().allMatch(Future::isDone)
                            && System.nanoTime() - lastProgress > Duration.ofSeconds(STALL_SECONDS).toNanos()) {
                        stop = "no call finished for " + STALL_SECONDS + " s";
                        break;
                    }
                    long elapsed = Duration.between(firstPost, Instant.now()).toSeconds();
                    if (elapsed >= lastReport + 5) {
                        lastReport = elapsed;
                        System.out.printf(Locale.ROOT, "%5d s: %d calls created, %d results accepted, %d finished%n",
                                elapsed, count(sql, "select count(*) from outbound_call where outbound_list_id = :list",
                                        list), desktops.acceptedCount(), finished);
                    }
                }
                cpu = CpuTime.now().since(cpuBefore);
                clients.shutdownNow();
                clients.awaitTermination(30, TimeUnit.SECONDS);
                return new Round(firstPost, lastOf(posts), stop, desktops.accepted(), desktops.refusals(), cpu);
            }
        } finally {
            // its threads are not daemons: a round that failed must not keep the benchmark's JVM alive
            clients.shutdownNow();
        }
    }

    /** {@code calls} calls posted into {@code list} from {@link #CALL_CLIENTS} threads; a future ends with its last. */
    private static List<Future<Instant>> post(ExecutorService clients, Api admin, UUID list, int calls, int numbers) {
        List<Future<Instant>> posts = new ArrayList<>();
        for (int t = 0; t < CALL_CLIENTS; t++) {
            int thread = t;
            posts.add(clients.submit(() -> {
                for (int i = thread; i < calls; i += CALL_CLIENTS) {
                    // numbers ending in 1: the simulator's busy, no-answer and failure suffixes never match
                    expect(201, admin.post("/api/calls", "{\"number\":\"+4207" + (numbers + i * 10 + 1)
                            + "\",\"outboundListId\":\"" + list + "\"}"));
                }
                return Instant.now();
            }));
        }
        return posts;
    }

    /** Waits until every call of the (Paused) list waits in Enqueue with its process instance. */
    private static void waitUntilQueued(JdbcClient sql, UUID list, int calls, long deadline)
            throws InterruptedException {
        while (count(sql, "select count(*) from outbound_call where outbound_list_id = :list and call_phase = 'Enqueue'"
                + " and process_instance_id is not null", list) < calls) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the queued round's calls did not all reach Enqueue in time");
            }
            Thread.sleep(250);
        }
    }

    /** Finished calls per second from the first POST to the last finished_at of the list. */
    private static double finishRate(JdbcClient sql, UUID list, Instant firstPost, long finished) {
        OffsetDateTime lastFinished = sql.sql("select max(finished_at) from outbound_call where outbound_list_id ="
                + " :list and call_phase = 'Finished'").param("list", list).query(OffsetDateTime.class).optional()
                .orElse(null);
        return lastFinished == null ? Double.NaN
                : finished / (Duration.between(firstPost, lastFinished.toInstant()).toNanos() / 1e9);
    }

    private static void printGaps(String label, List<Double> sorted) {
        if (sorted.isEmpty()) {
            System.out.println(label + ": no agent got a next offer");
            return;
        }
        System.out.printf(Locale.ROOT, "%s: p50 %.1f ms%n", label, percentile(sorted, 0.50));
        System.out.printf(Locale.ROOT, "%s: p99 %.1f ms (%d gaps, min %.1f ms, max %.1f ms)%n", label,
                percentile(sorted, 0.99), sorted.size(), sorted.get(0), sorted.get(sorted.size() - 1));
    }

    /**
     * For each accepted result, the time from its 200 to the agent's next offer in call_offer (the offer after the one
     * of the call the result was for), in ms, sorted. A negative gap means the engine offered the next call before the
     * desktop had its answer.
     */
    private static List<Gap> resultToNextOffer(JdbcClient sql, UUID list,
            List<AgentDesktops.AcceptedResult> accepted) {
        Map<UUID, List<Object[]>> offersByAgent = new HashMap<>();
        sql.sql("""
                select agent_id, call_id, offered_at from call_offer
                where call_id in (select id from outbound_call where outbound_list_id = :list)
                order by agent_id, offered_at""").param("list", list).query(rs -> {
                    offersByAgent.computeIfAbsent(rs.getObject(1, UUID.class), key -> new ArrayList<>()).add(
                            new Object[] {rs.getObject(2, UUID.class),
                                    rs.getObject(3, OffsetDateTime.class).toInstant()});
                });
        List<Gap> gaps = new ArrayList<>();
        for (AgentDesktops.AcceptedResult result : accepted) {
            List<Object[]> offers = offersByAgent.getOrDefault(result.agentId(), List.of());
            for (int i = offers.size() - 2; i >= 0; i--) {
                if (offers.get(i)[0].equals(result.callId())) {
                    Instant next = (Instant) offers.get(i + 1)[1];
                    gaps.add(new Gap(result.agentId(), result.acceptedAt(),
                            Duration.between(result.acceptedAt(), next).toNanos() / 1e6));
                    break;
                }
            }
        }
        return gaps;
    }

    /** An agent's wait for the next offer, from a moment (the result, the call's end), in ms. */
    private record Gap(UUID agentId, Instant from, double millis) {
        static List<Double> sorted(List<Gap> gaps) {
            return gaps.stream().map(Gap::millis).sorted().toList();
        }
    }

    /**
     * Calls against agents over the round: when each call of the list waited in the queue (from its creation to its
     * first offer) and when each agent was busy with one (from its offer to the call's end); the other agents, all
     * Ready, were idle.
     */
    private record Supply(List<Instant[]> queued, Map<UUID, List<Instant[]>> busy, int agents) {
        static Supply of(JdbcClient sql, UUID list, int agents) {
            List<Instant[]> queued = sql.sql("""
                    select c.created_at, min(o.offered_at) from outbound_call c
                    left join call_offer o on o.call_id = c.id
                    where c.outbound_list_id = :list group by c.id, c.created_at""").param("list", list)
                    .query((rs, row) -> new Instant[] {instant(rs, 1, Instant.MIN), instant(rs, 2, Instant.MAX)})
                    .list();
            Map<UUID, List<Instant[]>> busy = new HashMap<>();
            sql.sql("""
                    select o.agent_id, o.offered_at, coalesce(c.finished_at, o.ended_at) from call_offer o
                    join outbound_call c on c.id = o.call_id where c.outbound_list_id = :list""").param("list", list)
                    .query(rs -> {
                        busy.computeIfAbsent(rs.getObject(1, UUID.class), key -> new ArrayList<>()).add(
                                new Instant[] {instant(rs, 2, Instant.MIN), instant(rs, 3, Instant.MAX)});
                    });
            return new Supply(queued, busy, agents);
        }

        /** Whether, at the gap's start, more calls were queued than agents other than the gap's were idle. */
        boolean callWaitedFor(Gap gap) {
            Instant at = gap.from();
            long queuedCalls = queued.stream().filter(call -> within(call, at)).count();
            long busyOthers = busy.entrySet().stream().filter(agent -> !agent.getKey().equals(gap.agentId()))
                    .filter(agent -> agent.getValue().stream().anyMatch(offer -> within(offer, at))).count();
            long idleOthers = agents - 1 - busyOthers;
            return queuedCalls > idleOthers;
        }

        private static boolean within(Instant[] span, Instant at) {
            return !span[0].isAfter(at) && span[1].isAfter(at);
        }

        private static Instant instant(java.sql.ResultSet rs, int column, Instant whenNull)
                throws java.sql.SQLException {
            OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
            return value == null ? whenNull : value.toInstant();
        }
    }

    /** Imports the backlog and returns the process starts a second that followed. */
    private static double backlog(int port, JdbcClient sql, Api admin, int rows, int windowSeconds) throws Exception {
        String project = Api.created(admin.post("/api/projects", """
                {"name":"Backlog","showResultBar":true,"resultWaitSeconds":null,"postCallPauseSeconds":null,
                 "maxOfferAttempts":3,"defaultPriority":0}"""));
        // no agent has this project's skill: the calls stay queued and only their process starts are measured
        UUID list = UUID.fromString(Api.created(admin.post("/api/outbound-lists",
                "{\"name\":\"Backlog list\",\"projectId\":\"" + project + "\",\"state\":\"Running\"}")));
        Path csv = Files.createTempFile("lifecycle-backlog", ".csv");
        try {
            try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                out.write("number,callKey\n");
                for (int i = 0; i < rows; i++) {
                    out.write(String.format(Locale.ROOT, "+4206%07d1,backlog-%07d%n", i, i));
                }
            }
            long importStarted = System.nanoTime();
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/outbound-lists/" + list + "/calls/import"))
                    .timeout(Duration.ofMinutes(10))
                    .header("Content-Type", "text/csv")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            "admin:admin".getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString());
            long durable = System.nanoTime();
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("import answered " + answer.statusCode() + ": " + answer.body());
            }
            long imported = count(sql, "select count(*) from outbound_call where outbound_list_id = :list", list);
            long window = durable + Duration.ofSeconds(windowSeconds).toNanos();
            long started = 0;
            long sampledAt = durable;
            while (started < imported && sampledAt < window) {
                Thread.sleep(1000);
                started = count(sql, "select count(*) from outbound_call where outbound_list_id = :list"
                        + " and process_instance_id is not null", list);
                sampledAt = System.nanoTime();
                System.out.printf(Locale.ROOT, "%5.0f s after the import: %d of %d with a process instance%n",
                        (sampledAt - durable) / 1e9, started, imported);
            }
            double measured = (sampledAt - durable) / 1e9;

            System.out.println();
            System.out.println("== phase 2: process starts of an imported backlog ==");
            System.out.printf(Locale.ROOT, "CSV import of %d rows (POST .../calls/import): %.1f s, %.0f rows/s%n",
                    imported, (durable - importStarted) / 1e9, imported / ((durable - importStarted) / 1e9));
            System.out.printf(Locale.ROOT, "process starts: %.1f /s (%s: %d of %d started in %.1f s after the 200,"
                    + " sampled every second)%n", started / measured,
                    started == imported ? "whole backlog" : "first " + windowSeconds + " s window", started, imported,
                    measured);
            return started / measured;
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    /** When the last client thread had all its calls created, or null if one stopped at the time limit. */
    private static Instant lastOf(List<Future<Instant>> posts) {
        Instant last = null;
        for (Future<Instant> post : posts) {
            if (!post.isDone() || post.isCancelled()) {
                return null;
            }
            try {
                Instant done = post.get();
                last = last == null || done.isAfter(last) ? done : last;
            } catch (ExecutionException | InterruptedException e) {
                return null;
            }
        }
        return last;
    }

    private static long historyBytes(JdbcClient sql) {
        return sql.sql("""
                select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_class c
                join pg_namespace n on n.oid = c.relnamespace
                where c.relkind = 'r' and c.relname like 'act\\_hi\\_%' and n.nspname = current_schema()""")
                .query(Long.class).single();
    }

    private static long count(JdbcClient sql, String statement, UUID list) {
        return sql.sql(statement).param("list", list).query(Long.class).single();
    }

    private static double p99(List<Double> sorted) {
        return sorted.isEmpty() ? Double.NaN : percentile(sorted, 0.99);
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static String verdict(boolean holds) {
        return holds ? "OK" : "FAILED";
    }

    private static Api.Reply expect(int status, Api.Reply reply) {
        if (reply.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + reply);
        }
        return reply;
    }

    private LifecycleBenchmark() {
    }
}
