package io.outboundcalls.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.EngineNode;
import io.outboundcalls.support.ScratchDatabase;
import io.outboundcalls.support.TcpProxy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Faults between offer and result, with engine nodes in JVMs of their own on one database reached through a
 * forwarder the test can cut: a node killed with SIGKILL mid-call, the database gone for a few seconds, a hang-up
 * asked on the node that does not hold the line. After each, every call finishes, none is offered to two agents at
 * once, no attempt is dialed twice, no incident is raised and no process instance is left running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallRecoveryIT {

    static final int AGENTS = 4;
    static final Pattern DIALED = Pattern.compile("Simulated PBX dials extension \\S+ then \\S+ for call (\\S+)");

    static ScratchDatabase database;
    static TcpProxy proxy;
    static JdbcClient sql;
    static final List<EngineNode> nodes = new ArrayList<>();
    static EngineNode survivor;
    static String project;
    static String list;
    static final List<String> logins = new ArrayList<>();
    static final AtomicInteger NUMBERS = new AtomicInteger();

    @BeforeAll
    static void databaseBehindAForwarder() throws Exception {
        database = ScratchDatabase.create("recovery");
        proxy = database.proxy();
        sql = JdbcClient.create(database.dataSource());
    }

    @AfterAll
    static void stopEverything() throws IOException {
        nodes.forEach(EngineNode::close);
        proxy.close();
        database.close();
    }

    static EngineNode start(String name) throws IOException {
        List<String> properties = new ArrayList<>(database.nodePropertiesVia(proxy));
        properties.addAll(List.of("--outbound.pbx.simulator.answer-delay=200ms",
                "--outbound.pbx.simulator.talk-time=2s", "--outbound.distribution.interval=200ms",
                "--outbound.pbx.reconcile-interval=1s", "--spring.datasource.hikari.connection-timeout=2000",
                "--logging.level.org.camunda.bpm.engine.jobexecutor=WARN"));
        EngineNode node = EngineNode.start(name, properties);
        nodes.add(node);
        return node;
    }

    @Test
    @Order(1)
    void aNodeKilledMidCallIsTakenOverAndEveryCallFinishes() throws Exception {
        EngineNode first = start("recovery-1");
        campaignWithReadyAgents(first);
        List<String> calls = createCalls(first, 40);
        Await.until("calls on the line", Duration.ofSeconds(60),
                () -> count("select count(*) from outbound_call where call_phase in ('Dialing', 'AgentTalk')"),
                onTheLine -> onTheLine >= 2);

        first.kill();
        survivor = start("recovery-2");

        long restarted = System.nanoTime();
        awaitAllFinished(calls, Duration.ofSeconds(150));
        System.out.printf("all %d calls finished %.1f s after the restart%n", calls.size(),
                (System.nanoTime() - restarted) / 1e9);
        assertThat(count("select count(*) from pbx_event where event_type = 'LineLost'"))
                .as("lines of the killed node settled by reconciliation").isPositive();
        assertThat(survivor.logLines()).as("the killed node's process seen ended on this machine")
                .anyMatch(line -> line.contains("Node recovery-1 ran on this machine as process")
                        && line.contains("taken for dead"));
        assertInvariants();
    }

    @Test
    @Order(2)
    void theDatabaseGoneForAFewSecondsDelaysCallsAndLosesNone() throws Exception {
        List<String> calls = createCalls(survivor, 40);
        Await.until("calls on the line", Duration.ofSeconds(60),
                () -> count("select count(*) from outbound_call where call_phase in ('Dialing', 'AgentTalk')"),
                onTheLine -> onTheLine >= 2);

        proxy.cut();
        Thread.sleep(5000);
        proxy.restore();

        awaitAllFinished(calls, Duration.ofSeconds(120));
        assertInvariants();
        assertThat(Api.anonymous(survivor.port()).get("/actuator/health").body()).contains("UP");
    }

    @Test
    @Order(3)
    void aHangUpAskedOnTheNodeThatDoesNotHoldTheLineEndsTheCall() throws Exception {
        EngineNode other = start("recovery-3");
        // 0489: the simulator's customer talks until someone hangs up
        String call = Api.created(Api.as(survivor.port(), "admin", "admin").post("/api/calls",
                "{\"number\":\"+420724120489\",\"outboundListId\":\"" + list + "\"}"));
        Await.until("the customer on the line", Duration.ofSeconds(30), () -> phase(call), "AgentTalk"::equals);
        String holder = sql.sql("select node_id from pbx_dial where call_id = :call and state = 'Sent'")
                .param("call", UUID.fromString(call)).query(String.class).single();
        EngineNode elsewhere = holder.equals(other.name()) ? survivor : other;
        String agent = sql.sql("select a.login from agent a join outbound_call c on c.agent_id = a.id where c.id = :c")
                .param("c", UUID.fromString(call)).query(String.class).single();

        Api.Reply hangUp = Api.as(elsewhere.port(), agent, agent).post("/api/calls/" + call + "/hang-up", "");

        assertThat(hangUp.status()).as(hangUp.toString()).isEqualTo(202);
        awaitAllFinished(List.of(call), Duration.ofSeconds(30));
        assertThat(sql.sql("select outcome from pbx_event where reference = :r and event_type = 'HungUp'")
                .param("r", call + ":1").query(String.class).single()).isEqualTo("Moved");
        assertInvariants();
    }

    private void campaignWithReadyAgents(EngineNode node) {
        Api admin = Api.as(node.port(), "admin", "admin");
        project = Api.created(admin.post("/api/projects", """
                {"name":"Recovery","showResultBar":false,"resultWaitSeconds":null,"postCallPauseSeconds":null,
                 "maxOfferAttempts":20,"defaultPriority":0}"""));
        list = Api.created(admin.post("/api/outbound-lists",
                "{\"name\":\"Recovery list\",\"projectId\":\"" + project + "\",\"state\":\"Running\"}"));
        String ready = Api.idNamed(admin.get("/api/agent-statuses").json(), "Ready");
        for (int i = 0; i < AGENTS; i++) {
            String workplace = Api.created(admin.post("/api/workplaces",
                    "{\"name\":\"Recovery seat " + i + "\",\"extension\":\"" + (8300 + i) + "\"}"));
            String login = "recovery" + i;
            Api.created(admin.post("/api/agents", "{\"name\":\"Recovery agent " + i + "\",\"login\":\"" + login
                    + "\",\"password\":\"" + login + "\",\"allowWrite\":true,\"workplaceId\":\"" + workplace
                    + "\",\"projectIds\":[\"" + project + "\"]}"));
            Api.Reply status = Api.as(node.port(), login, login).put("/api/agent/status",
                    "{\"statusId\":\"" + ready + "\"}");
            assertThat(status.status()).as(status.toString()).isEqualTo(200);
            logins.add(login);
        }
    }

    private List<String> createCalls(EngineNode node, int count) {
        Api admin = Api.as(node.port(), "admin", "admin");
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // numbers ending in 1: none of the simulator's busy, no-answer or failure suffixes
            calls.add(Api.created(admin.post("/api/calls", "{\"number\":\"+4207" + (40000001 + NUMBERS.addAndGet(10))
                    + "\",\"outboundListId\":\"" + list + "\"}")));
        }
        return calls;
    }

    private void awaitAllFinished(List<String> calls, Duration within) {
        Await.until(calls.size() + " calls finished", within, () -> sql.sql("""
                select count(*) from outbound_call where call_phase = 'Finished' and cast(id as varchar(36)) in (:ids)
                """).param("ids", calls).query(Long.class).single(), finished -> finished == calls.size());
    }

    /** The promises that hold whatever failed: checked over every call of the test's project. */
    private void assertInvariants() throws IOException {
        assertThat(count("""
                select count(*) from call_offer a join call_offer b on a.agent_id = b.agent_id and a.id <> b.id
                where a.offered_at < coalesce(b.ended_at, current_timestamp)
                  and b.offered_at < coalesce(a.ended_at, current_timestamp)
                """)).as("offers of one agent that overlap in time").isZero();
        assertThat(count("""
                select count(*) from call_offer a join call_offer b on a.call_id = b.call_id and a.id <> b.id
                where a.offered_at < coalesce(b.ended_at, current_timestamp)
                  and b.offered_at < coalesce(a.ended_at, current_timestamp)
                """)).as("a call offered to two agents at once").isZero();
        Map<String, Integer> dials = new HashMap<>();
        for (EngineNode node : nodes) {
            for (String line : node.logLines()) {
                Matcher dialed = DIALED.matcher(line);
                if (dialed.find()) {
                    dials.merge(dialed.group(1), 1, Integer::sum);
                }
            }
        }
        assertThat(dials).as("originates per attempt").isNotEmpty().allSatisfy((reference, times) ->
                assertThat(times).as("originates of " + reference).isEqualTo(1));
        assertThat(count("select count(*) from act_ru_incident")).as("incidents").isZero();
        assertThat(count("""
                select count(*) from outbound_call where call_phase <> 'Finished' and project_id is not null
                """)).as("calls not finished").isZero();
        assertThat(count("select count(*) from act_ru_execution")).as("process instances still running").isZero();
        assertThat(count("select count(*) from agent where current_call_id is not null")).as("busy lines").isZero();
    }

    private static long count(String statement) {
        return sql.sql(statement).query(Long.class).single();
    }

    private static String phase(String call) {
        return sql.sql("select call_phase from outbound_call where id = :id").param("id", UUID.fromString(call))
                .query(String.class).single();
    }


}
