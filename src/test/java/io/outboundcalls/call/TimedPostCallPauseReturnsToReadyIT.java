package io.outboundcalls.call;

import static io.outboundcalls.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import java.time.Duration;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The seed's timed post-call pause: "the number of seconds after which the status will be ended and switched back to
 * Ready". Back to the Ready status the agent had before the call, or the default Ready status when they had none (a
 * call made during a pause); and a pause length without an automatic PCP status cannot be saved.
 */
@RunningEngineTest
class TimedPostCallPauseReturnsToReadyIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;

    IntakeFixtures fixtures;
    UUID project;
    UUID list;
    UUID agent;
    Api asAgent;
    UUID ownReadyStatus;

    @BeforeEach
    void aProjectWithATwoSecondPause() {
        fixtures = new IntakeFixtures(jdbc, identity, port);
        project = fixtures.project("Timed PCP");
        jdbc.sql("update project set post_call_pause_seconds = 2, automatic_pcp_status_id = :wrapUp where id = :id")
                .param("wrapUp", fixtures.status("Wrap-up")).param("id", project).update();
        // Paused: the agent gets no offers, only the calls they dial themselves
        list = fixtures.list(project, "Paused");
        agent = fixtures.agent(project);
        asAgent = fixtures.as(agent);
    }

    @AfterEach
    void close() {
        fixtures.close();
        if (ownReadyStatus != null) {
            jdbc.sql("delete from agent_status where id = :id").param("id", ownReadyStatus).update();
        }
    }

    @Test
    void anAgentWhoCalledDuringAPauseReturnsToTheDefaultReadyStatus() {
        fixtures.setStatus(agent, "Pause");

        UUID call = dialAndAwaitTheEnd();

        JsonNode state = Await.until("the agent back to Ready when the pause ends", Duration.ofSeconds(15),
                () -> asAgent.get("/api/agent").json(), s -> !"PostCall".equals(s.path("activityType").asText())
                        && !s.path("statusId").asText().equals(fixtures.status("Pause").toString()));
        assertThat(state.get("activityType").asText()).isEqualTo("Ready");
        assertThat(state.get("statusId").asText()).as("the default Ready status")
                .isEqualTo(fixtures.status("Ready").toString());
        assertThat(fixtures.phase(call)).isEqualTo("Finished");
    }

    @Test
    void anAgentReturnsToTheReadyStatusTheyHadBeforeTheCall() {
        ownReadyStatus = UUID.randomUUID();
        jdbc.sql("insert into agent_status (id, name, activity_type) values (:id, :name, 'Ready')")
                .param("id", ownReadyStatus).param("name", "Ready outbound " + ownReadyStatus).update();
        jdbc.sql("update agent set status_id = :status where id = :id").param("status", ownReadyStatus)
                .param("id", agent).update();

        dialAndAwaitTheEnd();

        JsonNode state = Await.until("the agent back to Ready when the pause ends", Duration.ofSeconds(15),
                () -> asAgent.get("/api/agent").json(), s -> "Ready".equals(s.path("activityType").asText()));
        assertThat(state.get("statusId").asText()).isEqualTo(ownReadyStatus.toString());
    }

    @Test
    void aPauseLengthWithoutAnAutomaticPcpStatusIsABadRequest() {
        Api admin = Api.as(port, "admin", "admin");
        String name = "PCP without status " + UUID.randomUUID();

        assertProblem(admin.post("/api/projects", "{\"name\":\"" + name + "\",\"postCallPauseSeconds\":30}"), 400,
                "automaticPcpStatusId");
        assertProblem(admin.post("/api/projects", "{\"name\":\"" + name + "\",\"postCallPauseSeconds\":0}"), 400,
                "automaticPcpStatusId");
        assertThat(jdbc.sql("select count(*) from project where name = :name").param("name", name)
                .query(Long.class).single()).as("nothing written").isZero();
        assertProblem(admin.put("/api/projects/" + project, "{\"name\":\"Timed PCP " + project
                + "\",\"postCallPauseSeconds\":30,\"automaticPcpStatusId\":null}"), 400, "automaticPcpStatusId");
        assertThat(jdbc.sql("select automatic_pcp_status_id from project where id = :id").param("id", project)
                .query(UUID.class).single()).as("unchanged").isEqualTo(fixtures.status("Wrap-up"));

        Api.Reply off = admin.post("/api/projects", "{\"name\":\"" + name + "\",\"postCallPauseSeconds\":null}");
        assertThat(off.status()).as("no pause at all is fine").isEqualTo(201);
        assertThat(admin.delete("/api/projects/" + off.json().get("id").asText()).status()).isIn(200, 204);
    }

    /** The agent's own call of the project, from the bar web URL: answered, hung up, then the timed pause. */
    private UUID dialAndAwaitTheEnd() {
        Api.Reply reply = asAgent.get("/api/bar/web?Cmd=PrivateCall&OutboundList=" + list + "&Par=00420724123490");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        UUID call = UUID.fromString(reply.json().get("callId").asText());
        fixtures.awaitPhase(call, "Finished", Duration.ofSeconds(20));
        return call;
    }
}
