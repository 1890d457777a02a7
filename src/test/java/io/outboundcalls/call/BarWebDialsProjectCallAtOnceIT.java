package io.outboundcalls.call;

import static io.outboundcalls.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The seed's bar web URL with an outbound list: "the URL provided by the REST API to create and dial a call … the
 * call is created directly in the database", the list only "for reporting purposes". It is the agent's own call,
 * dialed at once from their extension, whatever holds the list's queue (Paused, manual scheduling), and recorded as
 * a project call of that list with the project's caller ID.
 */
@RunningEngineTest
class BarWebDialsProjectCallAtOnceIT {

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
    Api asAgent;

    @BeforeEach
    void aManuallyScheduledProjectWithAPausedList() {
        fixtures = new IntakeFixtures(jdbc, identity, port);
        // neither a Paused list nor manual scheduling lets the distribution dial anything
        project = fixtures.project("Bar web at once", true, false, null);
        pausedList = fixtures.list(project, "Paused");
        agent = fixtures.agent(project);
        asAgent = fixtures.as(agent);
    }

    @AfterEach
    void close() {
        fixtures.close();
    }

    @Test
    void aCallWithAnOutboundListIsDialedAtOnceForTheAgentAsAProjectCallOfThatList() {
        Api.Reply reply = asAgent.get("/api/bar/web?Cmd=PrivateCall&OutboundList=" + pausedList
                + "&Par=00420724123470&Seq=9");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("callType").asText()).isEqualTo("Project");
        assertThat(reply.json().get("seq").asText()).isEqualTo("9");
        UUID callId = UUID.fromString(reply.json().get("callId").asText());
        JsonNode call = asAgent.get("/api/calls/" + callId).json();
        assertThat(call.get("outboundListId").asText()).isEqualTo(pausedList.toString());
        assertThat(call.get("projectId").asText()).isEqualTo(project.toString());
        assertThat(call.get("origin").asText()).isEqualTo("Web");
        assertThat(call.get("agentId").asText()).isEqualTo(agent.toString());
        assertThat(call.get("predistributed").asBoolean()).as("nothing waits for a distribution").isFalse();
        assertThat(call.get("callPhase").asText()).isNotIn("Enqueue", "Manual");

        // the simulator answers and hangs up; the project shows no result bar, so the call finishes
        fixtures.awaitPhase(callId, "Finished", Duration.ofSeconds(20));
        Map<String, Object> row = fixtures.row(callId);
        assertThat(row.get("answered_at")).isNotNull();
        assertThat(row.get("attempt")).isEqualTo(1);
        Map<String, Object> dial = jdbc.sql("select agent_extension, caller_id from pbx_dial where call_id = :id")
                .param("id", callId).query().singleRow();
        assertThat(dial.get("agent_extension")).isEqualTo(jdbc.sql(
                "select extension from workplace where id = :id").param("id", fixtures.workplaceOf(agent))
                .query(String.class).single());
        assertThat(dial.get("caller_id")).as("the project's caller ID").isEqualTo("+420222000111");
        assertThat(jdbc.sql("select count(*) from call_offer where call_id = :id").param("id", callId)
                .query(Long.class).single()).as("never offered by the distribution").isZero();
        assertThat(asAgent.get("/api/agent").json().get("lineState").asText()).isEqualTo("Free");
    }

    @Test
    void theAgentIdParameterDialsForThatAgent() {
        UUID other = fixtures.agent(project);

        Api.Reply reply = fixtures.as(fixtures.supervisor(project)).get("/api/bar/web?Cmd=PrivateCall&OutboundListId="
                + pausedList + "&Par=00420724123471&AgentId=" + other);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        UUID callId = UUID.fromString(reply.json().get("callId").asText());
        assertThat(fixtures.row(callId).get("agent_id")).isEqualTo(other);
        fixtures.awaitPhase(callId, "Finished", Duration.ofSeconds(20));
        assertThat(fixtures.row(callId).get("answered_at")).isNotNull();
    }

    @Test
    void aBusyAgentLineIsAConflictAndWritesNothing() {
        // a number ending 0489 answers and talks until someone hangs up: the agent's line stays busy
        Api.Reply first = asAgent.get("/api/bar/web?Cmd=PrivateCall&OutboundList=" + pausedList
                + "&Par=00420724120489");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        UUID talking = UUID.fromString(first.json().get("callId").asText());
        fixtures.awaitPhase(talking, "AgentTalk", Duration.ofSeconds(20));
        long before = fixtures.countCalls();

        Api.Reply second = asAgent.get("/api/bar/web?Cmd=PrivateCall&OutboundList=" + pausedList
                + "&Par=00420724123472");

        assertProblem(second, 409, null);
        assertThat(fixtures.countCalls()).isEqualTo(before);
        assertThat(asAgent.post("/api/calls/" + talking + "/hang-up", "").status()).isIn(200, 202);
        fixtures.awaitPhase(talking, "Finished", Duration.ofSeconds(20));
    }
}
