package io.outboundcalls.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.EngineNode;
import io.outboundcalls.support.ScratchDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two engine nodes, each a JVM of its own, on one database: 2 000 calls, Ready agents on both nodes, results entered
 * by a test client. Every call is offered exactly once and finishes, no agent ever holds two offers, and both nodes'
 * cycles take part.
 */
class ClusterIT {

    static final int CALLS = 2000;
    static final int AGENTS = 24;
    static final String SUCCESS = "00000000-0000-4000-8000-000000001001";

    static ScratchDatabase database;
    static EngineNode node1;
    static EngineNode node2;
    static JdbcClient sql;

    @BeforeAll
    static void twoNodesOnOneDatabase() throws Exception {
        database = ScratchDatabase.create("cluster");
        List<String> properties = new ArrayList<>(database.nodeProperties());
        properties.addAll(List.of("--outbound.pbx.simulator.answer-delay=100ms",
                "--outbound.pbx.simulator.talk-time=200ms", "--outbound.distribution.interval=200ms",
                "--logging.level.org.camunda.bpm.engine.jobexecutor=WARN"));
        // one after the other: the first node creates the engine's schema
        node1 = EngineNode.start("cluster-node-1", properties);
        node2 = EngineNode.start("cluster-node-2", properties);
        sql = JdbcClient.create(database.dataSource());
    }

    @AfterAll
    static void stopNodes() {
        for (AutoCloseable closeable : new AutoCloseable[] {node2, node1, database}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                System.err.println("cleanup failed: " + e);
            }
        }
    }

    @Test
    void everyCallIsOfferedOnceAndFinishesAndNoAgentHoldsTwoOffers() throws Exception {
        Api admin1 = Api.as(node1.port(), "admin", "admin");
        Api admin2 = Api.as(node2.port(), "admin", "admin");
        String project = Api.created(admin1.post("/api/projects", """
                {"name":"Cluster","showResultBar":true,"resultWaitSeconds":null,"postCallPauseSeconds":null,
                 "maxOfferAttempts":3,"defaultPriority":0}"""));
        String list = Api.created(admin1.post("/api/outbound-lists",
                "{\"name\":\"Cluster list\",\"projectId\":\"" + project + "\",\"state\":\"Running\"}"));
        String ready = Api.idNamed(admin1.get("/api/agent-statuses").json(), "Ready");
        List<String> logins = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            String workplace = Api.created(admin1.post("/api/workplaces",
                    "{\"name\":\"Cluster seat " + i + "\",\"extension\":\"" + (8100 + i) + "\"}"));
            String login = "cluster" + i;
            Api.created(admin1.post("/api/agents", "{\"name\":\"Cluster agent " + i + "\",\"login\":\"" + login
                    + "\",\"password\":\"" + login + "\",\"allowWrite\":true,\"workplaceId\":\"" + workplace
                    + "\",\"projectIds\":[\"" + project + "\"]}"));
            logins.add(login);
        }
        for (int i = 0; i < AGENTS; i++) {
            Api agent = Api.as(i % 2 == 0 ? node1.port() : node2.port(), logins.get(i), logins.get(i));
            assertThat(agent.put("/api/agent/status", "{\"statusId\":\"" + ready + "\"}").status()).isEqualTo(200);
        }

        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> creations = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            creations.add(clients.submit(() -> {
                for (int i = thread; i < CALLS; i += 4) {
                    Api api = i % 2 == 0 ? admin1 : admin2;
                    // numbers ending in 1: the simulator's busy, no-answer and failure suffixes never match
                    Api.Reply reply = api.post("/api/calls", "{\"number\":\"+4207" + (30000000 + i * 10 + 1)
                            + "\",\"outboundListId\":\"" + list + "\"}");
                    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
                }
                return null;
            }));
        }
        for (Future<?> creation : creations) {
            creation.get(5, TimeUnit.MINUTES);
        }
        clients.shutdown();

        // the agents' desktops: results entered for every open task, several at a time, on both nodes
        ExecutorService desktops = Executors.newFixedThreadPool(8);
        long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
        int round = 0;
        while (finished(project) < CALLS) {
            assertThat(System.nanoTime()).as("all calls finished in time; finished " + finished(project))
                    .isLessThan(deadline);
            Api admin = round++ % 2 == 0 ? admin1 : admin2;
            JsonNode tasks = admin.get("/engine-rest/task?processDefinitionKey=outboundCall&maxResults=500").json();
            List<Future<?>> results = new ArrayList<>();
            int index = 0;
            for (JsonNode task : tasks) {
                String assignee = task.get("assignee").asText();
                Api agent = Api.as(index++ % 2 == 0 ? node1.port() : node2.port(), assignee, assignee);
                results.add(desktops.submit(() -> {
                    Api.Reply result = agent.post("/api/agent/tasks/" + task.get("id").asText() + "/result",
                            "{\"callResultDetailId\":\"" + SUCCESS + "\"}");
                    // 404: the task ended meanwhile (the talk's task at the hang-up, or the other node's desktop);
                    // 409: a race with the hang-up lost, nothing written: the next round sends it again
                    assertThat(result.status()).as(result.toString()).isIn(200, 404, 409);
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(1, TimeUnit.MINUTES);
            }
            if (tasks.isEmpty()) {
                Thread.sleep(200);
            }
        }
        desktops.shutdown();

        assertThat(count("""
                select count(*) from outbound_call where project_id = :project
                  and call_phase = 'Finished' and call_result = 'Success'""", project)).isEqualTo(CALLS);
        assertThat(count("""
                select count(*) from call_offer o join outbound_call c on c.id = o.call_id
                where c.project_id = :project""", project)).as("one offer per call").isEqualTo(CALLS);
        assertThat(count("""
                select count(distinct o.call_id) from call_offer o join outbound_call c on c.id = o.call_id
                where c.project_id = :project and o.outcome = 'Taken'""", project)).isEqualTo(CALLS);
        assertThat(count("""
                select count(*) from call_offer a join call_offer b on a.agent_id = b.agent_id and a.id <> b.id
                where a.offered_at < b.ended_at and b.offered_at < a.ended_at
                  and a.call_id in (select id from outbound_call where project_id = :project)""", project))
                .as("offers of one agent that overlap in time").isZero();
        assertThat(sql.sql("""
                select distinct o.offered_by from call_offer o join outbound_call c on c.id = o.call_id
                where c.project_id = :project""").param("project", UUID.fromString(project)).query(String.class)
                .list()).as("nodes whose cycle made offers").containsExactlyInAnyOrder(node1.name(), node2.name());
        assertThat(count("""
                select count(*) from act_hi_procinst where end_time_ is not null and business_key_ in
                  (select cast(id as varchar(64)) from outbound_call where project_id = :project)""", project))
                .as("process instances completed in the engine's history").isEqualTo(CALLS);
        assertThat(count("select count(*) from agent where current_call_id is not null and login like 'cluster%'",
                project)).isZero();
        assertThat(node1.errorLines()).isEmpty();
        assertThat(node2.errorLines()).isEmpty();
        assertThat(node1.logLines()).as("node 2, alive throughout, taken for dead")
                .noneMatch(line -> line.contains("taken for dead"));
        assertThat(node2.logLines()).as("node 1, alive throughout, taken for dead")
                .noneMatch(line -> line.contains("taken for dead"));
    }

    private static long finished(String project) {
        return count("select count(*) from outbound_call where project_id = :project and call_phase = 'Finished'",
                project);
    }

    private static long count(String statement, String project) {
        return sql.sql(statement).param("project", UUID.fromString(project)).query(Long.class).single();
    }


}
