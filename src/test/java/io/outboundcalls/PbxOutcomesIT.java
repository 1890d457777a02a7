package io.outboundcalls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import io.outboundcalls.support.TestData;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Calls the customer never answers, through the simulated PBX: the outcome goes straight through callResultMapping,
 * with no result task and no post-call pause.
 */
@RunningEngineTest
class PbxOutcomesIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestData data;
    UUID list;
    Api agent2;

    @BeforeEach
    void agent2IsReadyForAProjectOfItsOwn() {
        data = new TestData(jdbc);
        UUID project = data.project("PBX outcomes", 30, 120, true);
        list = data.list(project, "Running");
        data.giveSkill("agent2", project);
        agent2 = Api.as(port, "agent2", "agent2");
        data.setStatus("agent2", "Ready");
    }

    @AfterEach
    void agent2GoesOffline() {
        data.setStatus("agent2", "Offline");
    }

    @Test
    void busyCustomerIsRescheduledByTheMappingTable() {
        String callId = create("+420724120486");

        JsonNode call = awaitOutcome(callId, "Busy");

        assertThat(call.get("callPhase").asText()).isEqualTo("Enqueue");
        assertThat(call.get("callResult").asText()).isEqualTo("Scheduled");
        assertThat(call.get("attempt").asInt()).isEqualTo(1);
        OffsetDateTime next = OffsetDateTime.parse(call.get("scheduleTime").asText());
        assertThat(next).isBetween(OffsetDateTime.now().plusMinutes(14), OffsetDateTime.now().plusMinutes(16));
        assertNoResultTaskNorPause(callId);
    }

    @Test
    void unansweredCallIsRescheduledLater() {
        String callId = create("+420724120487");

        JsonNode call = awaitOutcome(callId, "NoAnswer");

        assertThat(call.get("callResult").asText()).isEqualTo("Scheduled");
        OffsetDateTime next = OffsetDateTime.parse(call.get("scheduleTime").asText());
        assertThat(next).isBetween(OffsetDateTime.now().plusMinutes(29), OffsetDateTime.now().plusMinutes(31));
        assertNoResultTaskNorPause(callId);
    }

    @Test
    void callThePbxRefusesToOriginateEndsFailed() {
        String callId = create("+420724120488");

        JsonNode call = Await.until("the call to end", Duration.ofSeconds(20),
                () -> agent2.get("/api/calls/" + callId).json(),
                c -> "Finished".equals(c.get("callPhase").asText()));

        assertThat(call.get("callResult").asText()).isEqualTo("Failed");
        assertThat(call.get("decisions").get(0).get("outputs").get("finish").asBoolean()).isTrue();
        assertNoResultTaskNorPause(callId);
    }

    private String create(String number) {
        Api.Reply reply = agent2.post("/api/calls",
                "{\"number\":\"%s\",\"outboundListId\":\"%s\"}".formatted(number, list));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().get("id").asText();
    }

    private JsonNode awaitOutcome(String callId, String lastResult) {
        return Await.until("outcome " + lastResult, Duration.ofSeconds(20),
                () -> agent2.get("/api/calls/" + callId).json(),
                c -> lastResult.equals(c.get("lastResult").asText()) && "Enqueue".equals(c.get("callPhase").asText()));
    }

    private void assertNoResultTaskNorPause(String callId) {
        JsonNode agent = agent2.get("/api/agent").json();
        assertThat(agent.get("activityType").asText()).isEqualTo("Ready");
        assertThat(agent.get("offeredCallId").isNull() || !callId.equals(agent.get("offeredCallId").asText())).isTrue();
        JsonNode tasks = agent2.get("/api/agent/tasks").json();
        tasks.forEach(task -> assertThat(task.get("callId").asText()).isNotEqualTo(callId));
    }
}
