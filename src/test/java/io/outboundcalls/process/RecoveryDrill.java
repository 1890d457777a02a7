package io.outboundcalls.process;

import io.outboundcalls.support.Api;
import io.outboundcalls.support.BenchDatabase;
import io.outboundcalls.support.EngineNode;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Recovery drills on PostgreSQL with engine nodes in JVMs of their own ({@link EngineNode}), driven over HTTP as a CRM
 * and the agents' desktops drive them. Not a test; run it with
 * <pre>
 * mvn -Pbench verify -Dbench.main=io.outboundcalls.process.RecoveryDrill [-Dbench.drill=crash] [-Dbench.seed=42]
 * mvn -Pbench verify -Dbench.main=io.outboundcalls.process.RecoveryDrill -Dbench.drill=cluster
 *     [-Dbench.calls=500] [-Dbench.agents=5|10] [-Dbench.keep=false] [-Dbench.url=jdbc:postgresql://127.0.0.1:5432/]
 * </pre>
 * <b>crash</b> (the default): one node; a project with the result bar and no post-call pause, a Running list, 5 Ready
 * agents whose desktops enter Success for every result task; 500 calls posted; then three times, 5 to 25 s apart
 * (random, repeatable with {@code bench.seed}), the node is killed with SIGKILL and a new node (new JVM, new node id)
 * is started on the same database, and the desktops move to it. It prints how long after the last restart every call
 * was Finished (target 150 s, limit 300 s). <b>cluster</b>: two nodes at once, 10 agents whose desktops alternate
 * between them, 500 calls posted through both; it prints how long after the first post every call was Finished
 * (target 180 s, limit 300 s) and which nodes made the offers and handled the PBX events. Both then check the
 * promises that must survive any crash: every call Finished/Success with one accepted result, no call offered to two
 * agents at once, no agent holding two offers, no attempt dialed twice (from the nodes' logs), no incident, no process
 * instance left; one PASS/FAIL line each, and the exit status is 1 if any failed. A scratch database on
 * {@code bench.url}; all traffic goes to that server and to the nodes on 127.0.0.1; node logs are target/drill-*.log.
 */
public final class RecoveryDrill {

    static final String SUCCESS = LifecycleBenchmark.SUCCESS;
    static final Pattern DIALED = Pattern.compile("Simulated PBX dials extension \\S+ then \\S+ for call (\\S+)");
    static final Duration FINISH_LIMIT = Duration.ofSeconds(300);
    /** A desktop asks for tasks every 250 ms when idle: the 2 cores are shared by up to two nodes and this JVM. */
    static final Duration DESKTOP_POLL = Duration.ofMillis(250);
    /** Settings of every node: fast enough that 500 calls fit a few minutes, slow enough to kill a node mid-call. */
    static final List<String> NODE_SETTINGS = List.of("--outbound.pbx.simulator.answer-delay=200ms",
            "--outbound.pbx.simulator.talk-time=1s", "--outbound.distribution.interval=200ms",
            "--outbound.pbx.reconcile-interval=1s", "--logging.level.org.camunda.bpm.engine.jobexecutor=WARN");

    private final BenchDatabase database;
    private final JdbcClient sql;
    /** Every node of the drill, the killed ones too: their logs count for the dials. */
    private final List<EngineNode> nodes = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();
    private final long started = System.nanoTime();
    private UUID list;

    private RecoveryDrill(BenchDatabase database) {
        this.database = database;
        this.sql = JdbcClient.create(database.dataSource());
    }

    public static void main(String[] args) throws Exception {
        String drill = System.getProperty("bench.drill", "");
        drill = drill.isBlank() ? "crash" : drill;
        long seed = Long.getLong("bench.seed", System.currentTimeMillis());
        int calls = Integer.getInteger("bench.calls", 500);
        int agents = Integer.getInteger("bench.agents", drill.equals("cluster") ? 10 : 5);
        System.out.println("date: " + ZonedDateTime.now().withNano(0));
        System.out.println("cores: " + Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "command: mvn -Pbench verify -Dbench.main=%s -Dbench.drill=%s%s"
                + " -Dbench.calls=%d -Dbench.agents=%d%n", RecoveryDrill.class.getName(), drill,
                drill.equals("crash") ? " -Dbench.seed=" + seed : "", calls, agents);

        List<String> failed;
        try (BenchDatabase database = BenchDatabase.create("bench_drill")) {
            RecoveryDrill run = new RecoveryDrill(database);
            try {
                switch (drill) {
                    case "crash" -> run.crash(calls, agents, new Random(seed));
                    case "cluster" -> run.cluster(calls, agents);
                    default -> throw new IllegalArgumentException("bench.drill: '" + drill
                            + "' is not a drill; use crash or cluster");
                }
            } finally {
                // before the database is dropped, which would otherwise wait for their connections
                run.nodes.forEach(EngineNode::close);
            }
            failed = run.failed;
        }
        System.out.println(failed.isEmpty() ? "drill PASSED" : "drill FAILED: " + String.join("; ", failed));
        System.exit(failed.isEmpty() ? 0 : 1);
    }

    /** One node, killed three times while the calls are worked, each time replaced by a new node on the database. */
    private void crash(int calls, int agentCount, Random random) throws Exception {
        EngineNode first = startNode("drill-crash-1");
        // the node every desktop talks to; the drill swaps it after each kill
        AtomicReference<EngineNode> current = new AtomicReference<>(first);
        ToIntFunction<AgentDesktops.Seat> currentPort = seat -> current.get().port();
        List<AgentDesktops.Seat> seats = campaign(Api.as(first.port(), "admin", "admin"), agentCount);
        makeReady(seats, currentPort);

        Duration sinceLastRestart;
        List<AgentDesktops.AcceptedResult> accepted;
        Map<String, AtomicLong> refusals;
        try (AgentDesktops desktops = AgentDesktops.start(currentPort, seats, agentCount, SUCCESS,
                DESKTOP_POLL)) {
            postCalls(List.of(first.port()), calls);
            long lastRestart = 0;
            for (int kill = 1; kill <= 3; kill++) {
                long delay = 5000 + random.nextInt(20_001);
                Thread.sleep(delay);
                EngineNode victim = current.get();
                System.out.printf(Locale.ROOT, "%6.1f s: SIGKILL %s after %.1f s (%s)%n", elapsed(), victim.name(),
                        delay / 1e3, progress());
                victim.kill();
                long restarting = System.nanoTime();
                EngineNode next = startNode("drill-crash-" + (kill + 1));
                current.set(next);
                lastRestart = System.nanoTime();
                System.out.printf(Locale.ROOT, "%6.1f s: %s healthy on port %d, %.1f s after the kill; desktops moved"
                        + " (%s)%n", elapsed(), next.name(), next.port(), (lastRestart - restarting) / 1e9, progress());
            }
            sinceLastRestart = awaitFinished(calls, lastRestart);
            accepted = desktops.accepted();
            refusals = desktops.refusals();
        }

        System.out.println();
        System.out.println("== crash drill: 3 kills with SIGKILL, a new node after each ==");
        System.out.printf(Locale.ROOT, "calls: %d, agents: %d, nodes: %s%n", calls, agentCount,
                nodes.stream().map(EngineNode::name).toList());
        printFinished("after the last restart", sinceLastRestart, 150);
        checkInvariants(calls, accepted);
        printRecoveryFigures();
        System.out.println("desktop answers other than 200 and client errors: " + refusals);
    }

    /** Two nodes on one database at once, the agents' desktops and the calls' posts spread over both. */
    private void cluster(int calls, int agentCount) throws Exception {
        EngineNode a = startNode("drill-cluster-a");
        EngineNode b = startNode("drill-cluster-b");
        List<Integer> ports = List.of(a.port(), b.port());
        List<AgentDesktops.Seat> seats = campaign(Api.as(a.port(), "admin", "admin"), agentCount);
        // agent i works on node i % 2, as agents of one contact center log in to whichever node their desktop knows
        Map<UUID, Integer> portOfAgent = new HashMap<>();
        for (int i = 0; i < seats.size(); i++) {
            portOfAgent.put(seats.get(i).agentId(), ports.get(i % ports.size()));
        }
        ToIntFunction<AgentDesktops.Seat> agentsNode = seat -> portOfAgent.get(seat.agentId());
        makeReady(seats, agentsNode);

        Duration sinceFirstPost;
        List<AgentDesktops.AcceptedResult> accepted;
        Map<String, AtomicLong> refusals;
        try (AgentDesktops desktops = AgentDesktops.start(agentsNode, seats, agentCount,
                SUCCESS, DESKTOP_POLL)) {
            long firstPost = System.nanoTime();
            postCalls(ports, calls);
            sinceFirstPost = awaitFinished(calls, firstPost);
            accepted = desktops.accepted();
            refusals = desktops.refusals();
        }

        System.out.println();
        System.out.println("== two-node drill: both nodes on one database at once ==");
        System.out.printf(Locale.ROOT, "calls: %d, agents: %d, nodes: %s%n", calls, agentCount,
                nodes.stream().map(EngineNode::name).toList());
        printFinished("after the first post", sinceFirstPost, 180);
        checkInvariants(calls, accepted);
        printRecoveryFigures();
        System.out.println("desktop answers other than 200 and client errors: " + refusals);
    }

    private EngineNode startNode(String name) throws IOException {
        List<String> properties = new ArrayList<>(database.nodeProperties());
        properties.addAll(NODE_SETTINGS);
        EngineNode node = EngineNode.start(name, properties);
        nodes.add(node);
        return node;
    }

    /** As admin: a project with the result bar and no post-call pause, its Running list, agents with a workplace each. */
    private List<AgentDesktops.Seat> campaign(Api admin, int agentCount) {
        // maxOfferAttempts 20: offers that come back because a node died must not neglect a call in this drill
        String project = Api.created(admin.post("/api/projects", """
                {"name":"Drill","showResultBar":true,"resultWaitSeconds":null,"postCallPauseSeconds":null,
                 "maxOfferAttempts":20,"defaultPriority":0}"""));
        list = UUID.fromString(Api.created(admin.post("/api/outbound-lists",
                "{\"name\":\"Drill list\",\"projectId\":\"" + project + "\",\"state\":\"Running\"}")));
        List<AgentDesktops.Seat> seats = new ArrayList<>();
        for (int i = 0; i < agentCount; i++) {
            // extensions outside the test configuration's unanswered-extensions (7001..7009)
            String workplace = Api.created(admin.post("/api/workplaces",
                    "{\"name\":\"Drill seat " + i + "\",\"extension\":\"" + (8400 + i) + "\"}"));
            String login = "drill" + i;
            String agent = Api.created(admin.post("/api/agents", "{\"name\":\"Drill agent " + i + "\",\"login\":\""
                    + login + "\",\"password\":\"" + login + "\",\"allowWrite\":true,\"workplaceId\":\"" + workplace
                    + "\",\"projectIds\":[\"" + project + "\"]}"));
            seats.add(new AgentDesktops.Seat(UUID.fromString(agent), login, login));
        }
        return seats;
    }

    /** Each agent makes themselves Ready on the node their desktop talks to. */
    private static void makeReady(List<AgentDesktops.Seat> seats, ToIntFunction<AgentDesktops.Seat> portOf) {
        for (AgentDesktops.Seat seat : seats) {
            Api agent = Api.as(portOf.applyAsInt(seat), seat.login(), seat.password());
            String ready = Api.idNamed(agent.get("/api/agent-statuses").json(), "Ready");
            expect(200, agent.put("/api/agent/status", "{\"statusId\":\"" + ready + "\"}"));
        }
    }

    /** Posts the calls, call i through the node ports[i % n], one client thread per node. */
    private void postCalls(List<Integer> ports, int calls) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(ports.size());
        try {
            List<Future<?>> posts = new ArrayList<>();
            for (int c = 0; c < ports.size(); c++) {
                int client = c;
                Api admin = Api.as(ports.get(client), "admin", "admin");
                posts.add(clients.submit(() -> {
                    for (int i = client; i < calls; i += ports.size()) {
                        // numbers ending in 1: none of the simulator's busy, no-answer or failure suffixes
                        expect(201, admin.post("/api/calls", "{\"number\":\"+4207" + (40000001 + i * 10)
                                + "\",\"outboundListId\":\"" + list + "\"}"));
                    }
                    return null;
                }));
            }
            for (Future<?> post : posts) {
                post.get();
            }
        } finally {
            clients.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "%6.1f s: %d calls posted (%s)%n", elapsed(), calls, progress());
    }

    /** Polls until every call of the list is Finished or the limit passes; the time from {@code since}, or null. */
    private Duration awaitFinished(int calls, long since) throws InterruptedException {
        long deadline = System.nanoTime() + FINISH_LIMIT.toNanos();
        long lastReport = System.nanoTime();
        while (System.nanoTime() < deadline) {
            if (countInList("select count(*) from outbound_call where outbound_list_id = :list"
                    + " and call_phase = 'Finished'") == calls) {
                return Duration.ofNanos(System.nanoTime() - since);
            }
            if (System.nanoTime() - lastReport > Duration.ofSeconds(10).toNanos()) {
                lastReport = System.nanoTime();
                System.out.printf(Locale.ROOT, "%6.1f s: %s%n", elapsed(), progress());
            }
            Thread.sleep(500);
        }
        return null;
    }

    private void printFinished(String since, Duration took, int targetSeconds) {
        if (took == null) {
            System.out.println("calls by phase and result at the limit: " + phases());
            check("every call Finished within " + FINISH_LIMIT.toSeconds() + " s " + since, false,
                    "not all Finished");
            return;
        }
        System.out.printf(Locale.ROOT, "seconds %s until every call Finished: %.1f (target <= %d)%n", since,
                took.toNanos() / 1e9, targetSeconds);
        check("every call Finished within the target of " + targetSeconds + " s " + since,
                took.compareTo(Duration.ofSeconds(targetSeconds)) <= 0,
                String.format(Locale.ROOT, "%.1f s", took.toNanos() / 1e9));
    }

    /** The promises that hold whatever failed, over the drill's calls. */
    private void checkInvariants(int calls, List<AgentDesktops.AcceptedResult> accepted) throws IOException {
        long success = countInList("select count(*) from outbound_call where outbound_list_id = :list"
                + " and call_phase = 'Finished' and call_result = 'Success'");
        check("every call Finished with call_result Success", success == calls, success + " of " + calls);

        // the engine's own record: one completed result task per call, whichever node completed it
        long oneResult = countInList("""
                select count(*) from outbound_call c where c.outbound_list_id = :list and (
                  select count(*) from act_hi_taskinst t where t.proc_inst_id_ = c.process_instance_id
                    and t.task_def_key_ in ('enterCallResultDuringTheCall', 'enterCallResultDuringOrAfterTheCall',
                                            'enterCallResult', 'enterCallResultBeforeDeadline')
                    and t.delete_reason_ = 'completed') = 1""");
        long acceptedCalls = accepted.stream().map(AgentDesktops.AcceptedResult::callId).distinct().count();
        check("one accepted result per call", oneResult == calls && accepted.size() == acceptedCalls,
                String.format(Locale.ROOT, "%d of %d calls with exactly one completed result task; desktops got %d"
                        + " answers 200 for %d calls", oneResult, calls, accepted.size(), acceptedCalls));

        long callOverlaps = countInList("""
                select count(*) from call_offer a join call_offer b on a.call_id = b.call_id and a.id < b.id
                where a.offered_at < coalesce(b.ended_at, 'infinity') and b.offered_at < coalesce(a.ended_at, 'infinity')
                  and a.call_id in (select id from outbound_call where outbound_list_id = :list)""");
        check("no call offered to two agents at once", callOverlaps == 0, callOverlaps + " overlapping pairs");
        long agentOverlaps = countInList("""
                select count(*) from call_offer a join call_offer b on a.agent_id = b.agent_id and a.id < b.id
                where a.offered_at < coalesce(b.ended_at, 'infinity') and b.offered_at < coalesce(a.ended_at, 'infinity')
                  and a.call_id in (select id from outbound_call where outbound_list_id = :list)""");
        check("no agent holding two offers at once", agentOverlaps == 0, agentOverlaps + " overlapping pairs");

        Map<String, Integer> dials = dialsPerAttempt();
        List<String> twice = dials.entrySet().stream().filter(dial -> dial.getValue() > 1)
                .map(dial -> dial.getKey() + " x" + dial.getValue()).sorted().toList();
        check("no attempt originated twice", !dials.isEmpty() && twice.isEmpty(), String.format(Locale.ROOT,
                "%d attempts dialed in %d node logs, %d more than once%s", dials.size(), nodes.size(), twice.size(),
                twice.isEmpty() ? "" : ": " + twice.subList(0, Math.min(10, twice.size()))));

        long incidents = count("select count(*) from act_ru_incident");
        check("no incident", incidents == 0, incidents + " in act_ru_incident");
        long running = count("select count(*) from act_ru_execution");
        check("no process instance left running", running == 0, running + " rows in act_ru_execution");
    }

    /** How often each attempt (reference callId:attempt) was originated, over the logs of every node of the drill. */
    private Map<String, Integer> dialsPerAttempt() throws IOException {
        Map<String, Integer> dials = new HashMap<>();
        for (EngineNode node : nodes) {
            for (String line : node.logLines()) {
                Matcher dialed = DIALED.matcher(line);
                if (dialed.find()) {
                    dials.merge(dialed.group(1), 1, Integer::sum);
                }
            }
        }
        return dials;
    }

    /** What the crashes cost and who did the work: informational, no verdict. */
    private void printRecoveryFigures() {
        System.out.println("LineLost events: " + count("select count(*) from pbx_event where event_type = 'LineLost'"));
        System.out.println("Lost offers: " + countInList("select count(*) from call_offer where outcome = 'Lost'"
                + " and call_id in (select id from outbound_call where outbound_list_id = :list)"));
        System.out.println("offers by outcome: " + grouped("select coalesce(outcome, 'open'), count(*) from call_offer"
                + " where call_id in (select id from outbound_call where outbound_list_id = :list) group by 1 order by 1"));
        System.out.println("attempts per call: " + grouped("select attempt, count(*) from outbound_call"
                + " where outbound_list_id = :list group by 1 order by 1"));
        System.out.println("offers made by node (call_offer.offered_by): " + grouped("select offered_by, count(*)"
                + " from call_offer where call_id in (select id from outbound_call where outbound_list_id = :list)"
                + " group by 1 order by 1"));
        System.out.println("PBX events handled by node (pbx_event.handled_by): " + grouped("select"
                + " coalesce(handled_by, 'unhandled'), count(*) from pbx_event group by 1 order by 1"));
        System.out.println("PBX events by type and outcome: " + grouped("select event_type || '/' ||"
                + " coalesce(outcome, 'pending'), count(*) from pbx_event group by 1 order by 1"));
        System.out.println("dials by state: " + grouped("select state, count(*) from pbx_dial group by 1 order by 1"));
    }

    private String progress() {
        return phases() + ", open result tasks " + count("select count(*) from act_ru_task");
    }

    private Map<String, Long> phases() {
        return grouped("select call_phase || '/' || call_result, count(*) from outbound_call"
                + " where outbound_list_id = :list group by 1 order by 1");
    }

    /** A two-column query (label, count) as an ordered map; {@code :list} is the drill's list where it is used. */
    private Map<String, Long> grouped(String statement) {
        Map<String, Long> rows = new LinkedHashMap<>();
        sql.sql(statement).param("list", list).query(rs -> {
            rows.put(rs.getString(1), rs.getLong(2));
        });
        return rows;
    }

    private void check(String name, boolean holds, String detail) {
        System.out.printf(Locale.ROOT, "%s %s: %s%n", holds ? "PASS" : "FAIL", name, detail);
        if (!holds) {
            failed.add(name);
        }
    }

    private long countInList(String statement) {
        return sql.sql(statement).param("list", list).query(Long.class).single();
    }

    private long count(String statement) {
        return sql.sql(statement).query(Long.class).single();
    }

    private double elapsed() {
        return (System.nanoTime() - started) / 1e9;
    }

    private static Api.Reply expect(int status, Api.Reply reply) {
        if (reply.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + reply);
        }
        return reply;
    }


}
