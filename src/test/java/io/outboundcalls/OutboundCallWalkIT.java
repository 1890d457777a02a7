package io.outboundcalls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import io.outboundcalls.support.TestData;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The walk of issue 2 over real HTTP against a running server, with the demo data as a new user finds it: one call
 * of the Demo campaign offered to agent1, dialed on the simulator, talked, its result entered, and agent1 back to
 * Ready when the 30 s post-call pause ends.
 */
@RunningEngineTest
class OutboundCallWalkIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void agentGoesOffline() {
        new TestData(jdbc).setStatus("agent1", "Offline");
    }

    @Test
    void demoCallIsOfferedDialedTalkedResultedAndTheAgentIsReadyAfterThePostCallPause() {
        Api agent1 = Api.as(port, "agent1", "agent1");
        String ready = Api.idNamed(agent1.get("/api/agent-statuses").json(), "Ready");
        String wrapUp = Api.idNamed(agent1.get("/api/agent-statuses").json(), "Wrap-up");
        String demoCampaign = Api.idNamed(agent1.get("/api/outbound-lists").json(), "Demo campaign");

        Api.Reply status = agent1.put("/api/agent/status", "{\"statusId\":\"" + ready + "\"}");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("activityType").asText()).isEqualTo("Ready");

        Api.Reply created = agent1.post("/api/calls",
                "{\"number\":\"00420724123456\",\"outboundListId\":\"" + demoCampaign + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode call = created.json();
        String callId = call.get("id").asText();
        assertThat(call.get("processInstanceId").isNull()).isFalse();
        assertThat(call.get("number").asText()).isEqualTo("+420724123456");
        assertThat(call.get("dialedNumber").asText()).isEqualTo("00420724123456");
        assertThat(call.get("callResult").asText()).isEqualTo("Scheduled");
        assertThat(call.get("callType").asText()).isEqualTo("Project");

        JsonNode task = Await.until("the result task of the call", Duration.ofSeconds(20),
                () -> agent1.get("/api/agent/tasks").json(),
                // the task of the talk first, then after the hang-up the one with the result wait
                tasks -> tasks.size() > 0 && callId.equals(tasks.get(0).get("callId").asText())
                        && "enterCallResultBeforeDeadline".equals(tasks.get(0).get("taskDefinitionKey").asText()))
                .get(0);
        assertThat(task.get("taskDefinitionKey").asText()).isEqualTo("enterCallResultBeforeDeadline");

        JsonNode talked = agent1.get("/api/calls/" + callId).json();
        assertThat(talked.get("callPhase").asText()).isEqualTo("Result");
        assertThat(talked.get("attempt").asInt()).isEqualTo(1);
        assertThat(talked.get("offerCount").asInt()).isEqualTo(1);
        assertThat(talked.get("agentId").asText()).isEqualTo(new TestData(jdbc).agentId("agent1").toString());
        assertThat(talked.get("answeredAt").isNull()).isFalse();
        OffsetDateTime hungUpAt = OffsetDateTime.parse(talked.get("hungUpAt").asText());

        JsonNode inPause = agent1.get("/api/agent").json();
        assertThat(inPause.get("statusId").asText()).isEqualTo(wrapUp);
        assertThat(inPause.get("activityType").asText()).isEqualTo("PostCall");
        assertThat(inPause.get("offeredCallId").asText()).as("line busy until the result").isEqualTo(callId);

        String success = idWhere(agent1.get("/api/agent/call-result-details?callId=" + callId).json(),
                "generalResult", "Success");
        Api.Reply resulted = agent1.post("/api/agent/tasks/" + task.get("taskId").asText() + "/result",
                "{\"callResultDetailId\":\"" + success + "\",\"note\":\"sold\"}");
        assertThat(resulted.status()).as(resulted.toString()).isEqualTo(200);
        assertThat(resulted.json().get("callPhase").asText()).isEqualTo("Finished");
        assertThat(resulted.json().get("callResult").asText()).isEqualTo("Success");
        assertThat(resulted.json().get("callResultDetailId").asText()).isEqualTo(success);
        assertThat(agent1.get("/api/agent").json().get("offeredCallId").isNull()).isTrue();

        JsonNode decisions = agent1.get("/api/calls/" + callId).json().get("decisions");
        assertThat(decisions).hasSize(1);
        assertThat(decisions.get(0).get("decisionKey").asText()).isEqualTo("callResultMapping");
        assertThat(decisions.get(0).get("outputs").get("callResult").asText()).isEqualTo("Success");

        JsonNode readyAgain = Await.until("agent1 back to Ready after the post-call pause", Duration.ofSeconds(45),
                () -> agent1.get("/api/agent").json(), a -> "Ready".equals(a.get("activityType").asText()));
        assertThat(readyAgain.get("statusId").asText()).isEqualTo(ready);
        Duration pause = Duration.between(hungUpAt, OffsetDateTime.now());
        assertThat(pause).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(40));

        String processInstanceId = call.get("processInstanceId").asText();
        JsonNode history = Await.until("the instance completed in history", Duration.ofSeconds(10),
                () -> Api.as(port, "admin", "admin").get("/engine-rest/history/process-instance/" + processInstanceId)
                        .json(),
                h -> "COMPLETED".equals(h.path("state").asText()));
        assertThat(history.get("businessKey").asText()).isEqualTo(callId);
    }


    static String idWhere(JsonNode items, String field, String value) {
        JsonNode array = items.has("content") ? items.get("content") : items;
        return StreamSupport.stream(array.spliterator(), false)
                .filter(item -> value.equals(item.path(field).asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no item with " + field + " " + value + " in " + items))
                .get("id").asText();
    }
}
