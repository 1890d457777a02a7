package io.outboundcalls.call;

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
 * An operator cancels a call's process instance (Cockpit's "Cancel", which is {@code DELETE
 * /engine-rest/process-instance/{id}}): the call ends Cancelled and its agent is free again, also when Cockpit is
 * told to skip custom listeners.
 */
@RunningEngineTest
class CallCancelledByOperatorIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;

    IntakeFixtures fixtures;
    Api admin;
    UUID project;

    @BeforeEach
    void aProjectWithAResultBar() {
        fixtures = new IntakeFixtures(jdbc, identity, port);
        admin = Api.as(port, "admin", "admin");
        project = fixtures.project("Cancelled by operator", false, true, 120);
    }

    @AfterEach
    void agentsGoOffline() {
        fixtures.close();
    }

    @Test
    void aWaitingCallCancelledInCockpitIsFinishedCancelled() {
        UUID list = fixtures.list(project, "Stopped");
        Api.Reply created = admin.post("/api/calls",
                "{\"number\":\"+420724000222\",\"outboundListId\":\"" + list + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID callId = UUID.fromString(created.json().get("id").asText());
        String instance = created.json().get("processInstanceId").asText();
        assertThat(fixtures.phase(callId)).isEqualTo("Enqueue");

        Api.Reply cancelled = admin.delete("/engine-rest/process-instance/" + instance);

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(204);
        assertThat(fixtures.phase(callId)).isEqualTo("Finished");
        assertThat(fixtures.result(callId)).isEqualTo("Cancelled");
        assertThat(fixtures.row(callId).get("finished_at")).isNotNull();
    }

    @Test
    void aCallInTalkCancelledWithCustomListenersSkippedFreesItsAgent() {
        UUID agent = fixtures.agent(project);
        Api asAgent = fixtures.as(agent);
        Api.Reply visit = asAgent.post("/api/calls/visitor", "{\"projectId\":\"" + project + "\"}");
        assertThat(visit.status()).as(visit.toString()).isEqualTo(201);
        UUID callId = UUID.fromString(visit.json().get("id").asText());
        assertThat(asAgent.get("/api/agent").json().get("lineState").asText()).isEqualTo("Busy");

        Api.Reply cancelled = admin.delete("/engine-rest/process-instance/"
                + visit.json().get("processInstanceId").asText() + "?skipCustomListeners=true");

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(204);
        assertThat(fixtures.phase(callId)).isEqualTo("Finished");
        assertThat(fixtures.result(callId)).isEqualTo("Cancelled");
        assertThat(asAgent.get("/api/agent").json().get("lineState").asText()).isEqualTo("Free");
    }

    @Test
    void aCallThatEndedNormallyIsNotMarkedCancelled() {
        UUID noResultBar = fixtures.project("No result bar " + UUID.randomUUID(), false, false, null);
        UUID agent = fixtures.agent(noResultBar);
        Api asAgent = fixtures.as(agent);
        Api.Reply visit = asAgent.post("/api/calls/visitor", "{\"projectId\":\"" + noResultBar + "\"}");
        assertThat(visit.status()).as(visit.toString()).isEqualTo(201);
        UUID callId = UUID.fromString(visit.json().get("id").asText());

        assertThat(asAgent.post("/api/calls/" + callId + "/hang-up", "").status()).isEqualTo(200);

        fixtures.awaitPhase(callId, "Finished", java.time.Duration.ofSeconds(10));
        assertThat(fixtures.result(callId)).isEqualTo("NoResult");
    }
}
