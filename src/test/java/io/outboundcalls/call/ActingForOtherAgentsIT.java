package io.outboundcalls.call;

import static io.outboundcalls.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * API.md: an agent acts only for themselves; acting for another agent (AgentId on the bar, a call predistributed to
 * another agent, PATCH of another agent's call, enqueuing to an agent) needs the group supervisors or camunda-admin.
 * A refusal is a 403 problem and writes nothing.
 */
@RunningEngineTest
class ActingForOtherAgentsIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;

    IntakeFixtures fixtures;
    UUID project;
    UUID pausedList;
    UUID agent;
    UUID other;
    UUID supervisor;

    @BeforeEach
    void twoAgentsAndASupervisor() {
        fixtures = new IntakeFixtures(jdbc, identity, port);
        project = fixtures.project("Acting for others");
        // a Paused list keeps the calls in the queue, away from every agent
        pausedList = fixtures.list(project, "Paused");
        agent = fixtures.agent(project);
        other = fixtures.agent(project);
        supervisor = fixtures.supervisor(project);
    }

    @AfterEach
    void agentsOffline() {
        fixtures.setConfig("PrivateCallsOnWebAction", "false");
        fixtures.clearConfigCache();
        fixtures.close();
    }

    @Test
    void agentCannotDialThroughAnotherAgentsPhoneWithAgentId() {
        fixtures.setConfig("PrivateCallsOnWebAction", "true");
        fixtures.clearConfigCache();

        Api.Reply reply = fixtures.as(agent).get("/api/bar/web?Cmd=PrivateCall&Par=00420724123471&AgentId=" + other);

        assertProblem(reply, 403, null);
        assertThat(callsOf(other)).isZero();
        assertThat(callsOf(agent)).isZero();
    }

    @Test
    void supervisorDialsForAnotherAgentWithAgentId() {
        fixtures.setConfig("PrivateCallsOnWebAction", "true");
        fixtures.clearConfigCache();

        Api.Reply reply = fixtures.as(supervisor)
                .get("/api/bar/web?Cmd=PrivateCall&Par=00420724123472&AgentId=" + other);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(fixtures.row(UUID.fromString(reply.json().get("callId").asText())).get("agent_id"))
                .isEqualTo(other);
    }

    @Test
    void agentCannotPredistributeANewCallToAnotherAgent() {
        Api.Reply reply = fixtures.as(agent).post("/api/calls", "{\"number\":\"00420724123473\",\"outboundListId\":\""
                + pausedList + "\",\"predist\":true,\"agentId\":\"" + other + "\"}");

        assertProblem(reply, 403, null);
        assertThat(callsOf(other)).isZero();
        assertThat(callsInList()).isZero();
    }

    @Test
    void agentCannotTakeAnotherAgentsPredistributedCall() {
        UUID call = predistributedCallOf(other);

        Api.Reply reply = fixtures.as(agent).send("PATCH", "/api/calls/" + call, "application/json",
                "{\"agentId\":\"" + agent + "\"}");

        assertProblem(reply, 403, null);
        assertThat(fixtures.row(call).get("agent_id")).isEqualTo(other);
    }

    @Test
    void agentCannotRescheduleAnotherAgentsCall() {
        UUID call = predistributedCallOf(other);
        Object before = fixtures.row(call).get("priority");

        Api.Reply reply = fixtures.as(agent).send("PATCH", "/api/calls/" + call, "application/json",
                "{\"priority\":99}");

        assertProblem(reply, 403, null);
        assertThat(fixtures.row(call).get("priority")).isEqualTo(before);
    }

    @Test
    void supervisorGivesAPredistributedCallToAnotherAgent() {
        UUID call = predistributedCallOf(other);

        Api.Reply reply = fixtures.as(supervisor).send("PATCH", "/api/calls/" + call, "application/json",
                "{\"agentId\":\"" + agent + "\"}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(fixtures.row(call).get("agent_id")).isEqualTo(agent);
    }

    @Test
    void agentCannotEnqueueCallsToAnotherAgentButASupervisorCan() {
        UUID manualProject = fixtures.project("Acting for others, manual", true, false, null);
        UUID manualList = fixtures.list(manualProject, "Paused");
        UUID call = UUID.fromString(fixtures.as(agent).post("/api/calls",
                "{\"number\":\"00420724123474\",\"outboundListId\":\"" + manualList + "\"}").createdId());
        String bulk = "{\"ids\":[\"" + call + "\"],\"agentId\":\"" + other + "\"}";

        Api.Reply byAgent = fixtures.as(agent).post("/api/calls/enqueue", bulk);

        assertProblem(byAgent, 403, null);
        assertThat(fixtures.phase(call)).isEqualTo("Manual");
        assertThat(fixtures.row(call).get("agent_id")).isNull();

        Api.Reply bySupervisor = fixtures.as(supervisor).post("/api/calls/enqueue", bulk);

        assertThat(bySupervisor.status()).as(bySupervisor.toString()).isEqualTo(200);
        assertThat(fixtures.phase(call)).isEqualTo("Enqueue");
        assertThat(fixtures.row(call).get("agent_id")).isEqualTo(other);
    }

    @Test
    void viewerWithoutAllowWriteCannotCreateACall() {
        long before = fixtures.countCalls();

        Api.Reply reply = Api.as(port, "viewer", "viewer").post("/api/calls",
                "{\"number\":\"00420724123475\",\"outboundListId\":\"" + pausedList + "\"}");

        assertProblem(reply, 403, null);
        assertThat(fixtures.countCalls()).isEqualTo(before);
    }

    /** A call in the paused list, predistributed to the agent by the agent. */
    private UUID predistributedCallOf(UUID owner) {
        return UUID.fromString(fixtures.as(owner).post("/api/calls", "{\"number\":\"00420724123476\","
                + "\"outboundListId\":\"" + pausedList + "\",\"predist\":true}").createdId());
    }

    private long callsOf(UUID agentId) {
        return jdbc.sql("select count(*) from outbound_call where agent_id = :agent").param("agent", agentId)
                .query(Long.class).single();
    }

    private long callsInList() {
        return jdbc.sql("select count(*) from outbound_call where outbound_list_id = :list").param("list", pausedList)
                .query(Long.class).single();
    }
}
