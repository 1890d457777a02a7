package io.outboundcalls.call;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A call dialed for its own agent (a logged private call, a project call from the bar web URL) whose agent does not
 * pick up: no queue could ever dial it for them, so it ends (the agent's phone did not answer), the line is released
 * and the agent is not held back from offers as after a refused offer.
 */
@RunningEngineTest
class UnansweredAgentPhoneIT {

    /** The test simulator never picks up at 7001..7009 (see the test configuration); this one is this class's. */
    static final String UNANSWERED_EXTENSION = "7006";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;

    IntakeFixtures fixtures;
    UUID project;
    UUID agent;
    UUID workplace;
    String ownExtension;
    Api asAgent;

    @BeforeEach
    void anAgentWhosePhoneDoesNotAnswer() {
        fixtures = new IntakeFixtures(jdbc, identity, port);
        project = fixtures.project("Unanswered agent");
        agent = fixtures.agent(project);
        workplace = fixtures.workplaceOf(agent);
        ownExtension = jdbc.sql("select extension from workplace where id = :id").param("id", workplace)
                .query(String.class).single();
        // a refused offer would hold this agent back for a minute
        jdbc.sql("update workplace set extension = :ext, agent_blocked_seconds = 60 where id = :id")
                .param("ext", UNANSWERED_EXTENSION).param("id", workplace).update();
        asAgent = fixtures.as(agent);
    }

    @AfterEach
    void close() {
        jdbc.sql("update workplace set extension = :ext where id = :id").param("ext", ownExtension)
                .param("id", workplace).update();
        fixtures.setConfig("PrivateCallsOnWebAction", "false");
        fixtures.clearConfigCache();
        fixtures.close();
    }

    @Test
    void aPrivateCallWhoseAgentDoesNotPickUpEnds() {
        fixtures.setConfig("PrivateCallsOnWebAction", "true");
        fixtures.clearConfigCache();

        Api.Reply reply = asAgent.get("/api/bar/web?Cmd=PrivateCall&Par=00420724123480");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertEndedUnanswered(UUID.fromString(reply.json().get("callId").asText()));
    }

    @Test
    void aProjectCallFromTheBarWebUrlWhoseAgentDoesNotPickUpEnds() {
        UUID list = fixtures.list(project, "Running");

        Api.Reply reply = asAgent.get("/api/bar/web?Cmd=PrivateCall&OutboundList=" + list + "&Par=00420724123481");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertEndedUnanswered(UUID.fromString(reply.json().get("callId").asText()));
    }

    private void assertEndedUnanswered(UUID callId) {
        // the simulator rings the extension for its agent-ring-timeout (2 s), then reports AgentNoAnswer
        fixtures.awaitPhase(callId, "Finished", Duration.ofSeconds(20));
        Map<String, Object> row = fixtures.row(callId);
        assertThat(row.get("call_result")).isEqualTo("Failed");
        assertThat(row.get("answered_at")).isNull();
        assertThat(jdbc.sql("select event_type from pbx_event where call_id = :id order by id")
                .param("id", callId).query(String.class).list()).contains("AgentNoAnswer");
        Map<String, Object> agentRow = jdbc.sql("select current_call_id, blocked_until from agent where id = :id")
                .param("id", agent).query().singleRow();
        assertThat(agentRow.get("current_call_id")).as("the line is released").isNull();
        assertThat(agentRow.get("blocked_until")).as("no hold-off for the agent").isNull();
        assertThat(asAgent.get("/api/agent").json().get("lineState").asText()).isEqualTo("Free");
    }
}
