package io.outboundcalls.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The seed's call result details, set "during or immediately after the end of an outbound call": with the project's
 * result bar the result task exists from the moment the customer answers; a result entered during the talk is kept
 * and the call finishes with it after the hang-up, with the post-call pause as configured.
 */
@RunningEngineTest
class ResultDuringTheCallIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;
    @Autowired
    HistoryService history;
    @Autowired
    DataSource dataSource;

    IntakeFixtures fixtures;
    UUID project;
    UUID list;
    UUID agent;
    Api asAgent;

    @BeforeEach
    void aProjectWithTheResultBarAndAnUnlimitedPause() {
        fixtures = new IntakeFixtures(jdbc, identity, port);
        project = fixtures.project("Result during the call", false, true, null);
        jdbc.sql("update project set post_call_pause_seconds = 0, automatic_pcp_status_id = :wrapUp where id = :id")
                .param("wrapUp", fixtures.status("Wrap-up")).param("id", project).update();
        list = fixtures.list(project, "Paused");
        agent = fixtures.agent(project);
        asAgent = fixtures.as(agent);
    }

    @AfterEach
    void close() {
        fixtures.close();
    }

    @Test
    void aResultEnteredDuringTheTalkIsKeptAndTheCallFinishesWithItAfterTheHangUp() {
        UUID call = fixtures.talkingCall(asAgent, list);

        JsonNode task = Await.until("the result task during the talk", Duration.ofSeconds(15),
                () -> asAgent.get("/api/agent/tasks").json(), tasks -> tasks.size() == 1);
        assertThat(task.get(0).get("callId").asText()).isEqualTo(call.toString());
        assertThat(task.get(0).get("taskDefinitionKey").asText()).isEqualTo("enterCallResultDuringTheCall");
        Api.Reply entered = asAgent.post("/api/agent/tasks/" + task.get(0).get("taskId").asText() + "/result",
                "{\"callResultDetailId\":\"" + fixtures.detail("Success") + "\",\"note\":\"sold on the phone\"}");
        assertThat(entered.status()).as(entered.toString()).isEqualTo(200);
        assertThat(fixtures.phase(call)).as("the talk goes on").isEqualTo("AgentTalk");
        assertThat(fixtures.result(call)).as("recorded at the end of the call").isEqualTo("Prepared");

        fixtures.hangUp(asAgent, call);

        fixtures.awaitPhase(call, "Finished", Duration.ofSeconds(20));
        assertThat(fixtures.result(call)).isEqualTo("Success");
        assertThat(fixtures.row(call).get("note")).isEqualTo("sold on the phone");
        assertThat(asAgent.get("/api/agent/tasks").json()).as("nothing more to enter").isEmpty();
        assertThat(asAgent.get("/api/agent").json().get("statusId").asText()).as("the project's PCP status")
                .isEqualTo(fixtures.status("Wrap-up").toString());
    }

    @Test
    void aHangUpBeforeTheResultLeavesTheResultToEnterAfterTheCall() {
        UUID call = fixtures.talkingCall(asAgent, list);
        Await.until("the result task during the talk", Duration.ofSeconds(15),
                () -> asAgent.get("/api/agent/tasks").json(), tasks -> tasks.size() == 1);

        fixtures.hangUp(asAgent, call);

        JsonNode task = afterCallTask();
        Api.Reply entered = asAgent.post("/api/agent/tasks/" + task.get(0).get("taskId").asText() + "/result",
                "{\"callResultDetailId\":\"" + fixtures.detail("Success") + "\"}");
        assertThat(entered.status()).as(entered.toString()).isEqualTo(200);
        fixtures.awaitPhase(call, "Finished", Duration.ofSeconds(20));
        assertThat(fixtures.result(call)).isEqualTo("Success");
        String instance = String.valueOf(fixtures.row(call).get("process_instance_id"));
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instance).finished().list())
                .as("the kept history: the boundary event that cut the talk's task short, and the end")
                .extracting(HistoricActivityInstance::getActivityId)
                .containsExactlyInAnyOrder("callHungUpBeforeTheResult", "callFinished");
        assertThat(history.createHistoricTaskInstanceQuery().processInstanceId(instance).list())
                .extracting(HistoricTaskInstance::getTaskDefinitionKey)
                .containsExactlyInAnyOrder("enterCallResultDuringTheCall", "enterCallResult");
    }

    @Test
    void aResultSentForTheTalkAfterTheHangUpIsEnteredInTheTaskAfterTheCall() {
        UUID call = fixtures.talkingCall(asAgent, list);
        String talkTask = talkTaskEndedByTheHangUp(call);

        Api.Reply entered = asAgent.post("/api/agent/tasks/" + talkTask + "/result",
                "{\"callResultDetailId\":\"" + fixtures.detail("Success") + "\",\"note\":\"typed as they hung up\"}");

        assertThat(entered.status()).as(entered.toString()).isEqualTo(200);
        assertFinishedWithTheResultInTheTaskAfterTheCall(call);
        assertThat(asAgent.get("/api/agent/tasks").json()).as("nothing more to enter").isEmpty();
    }

    @Test
    void theEndedTalkOfAnotherAgentTakesNoResultAndTheEndedTalkTakesOnlyOne() {
        UUID call = fixtures.talkingCall(asAgent, list);
        String talkTask = talkTaskEndedByTheHangUp(call);
        String success = "{\"callResultDetailId\":\"" + fixtures.detail("Success") + "\"}";

        Api.Reply byAnother = fixtures.as(fixtures.agent(project)).post(
                "/api/agent/tasks/" + talkTask + "/result", success);
        assertThat(byAnother.status()).as(byAnother.toString()).isEqualTo(404);
        assertThat(fixtures.phase(call)).as("nothing entered for the call").isNotEqualTo("Finished");

        assertThat(asAgent.post("/api/agent/tasks/" + talkTask + "/result", success).status()).isEqualTo(200);
        fixtures.awaitPhase(call, "Finished", Duration.ofSeconds(20));
        Api.Reply again = asAgent.post("/api/agent/tasks/" + talkTask + "/result", success);
        assertThat(again.status()).as("the task after the call took its result: " + again).isEqualTo(404);
    }

    @Test
    void aResultThatMeetsTheHangUpInTheMiddleOfItsCommandIsEnteredInTheTaskAfterTheCall() throws Exception {
        UUID call = fixtures.talkingCall(asAgent, list);
        String talkTask = talkTask();
        // the talk's task row held, so that the hang-up stops before its commit and the result's command, which
        // read the task as open, stops behind the hang-up: both go on when the row is let go, the hang-up first
        Api.Reply reply = fixtures.resultBehindTheHangUp(dataSource,
                "select id_ from act_ru_task where id_ = ? for update", talkTask, asAgent, call, talkTask);
        assertThat(reply.status()).as("entered at once, not sent back to be sent again: " + reply).isEqualTo(200);
        assertFinishedWithTheResultInTheTaskAfterTheCall(call);
    }

    /** The call finished with the result typed as the customer hung up, entered in the task after the call. */
    private void assertFinishedWithTheResultInTheTaskAfterTheCall(UUID call) {
        fixtures.awaitPhase(call, "Finished", Duration.ofSeconds(20));
        assertThat(fixtures.result(call)).isEqualTo("Success");
        assertThat(fixtures.row(call).get("note")).isEqualTo("typed as they hung up");
        String instance = String.valueOf(fixtures.row(call).get("process_instance_id"));
        assertThat(history.createHistoricTaskInstanceQuery().processInstanceId(instance).list())
                .as("the talk's task ended by the hang-up, the task after the call completed with the result")
                .extracting(HistoricTaskInstance::getTaskDefinitionKey, HistoricTaskInstance::getDeleteReason)
                .containsExactlyInAnyOrder(tuple("enterCallResultDuringTheCall", "deleted"),
                        tuple("enterCallResult", "completed"));
    }

    /** The id of the agent's task of the talk, read before the hang-up; returns once the after-call task is open. */
    private String talkTaskEndedByTheHangUp(UUID call) {
        String talkTask = talkTask();
        fixtures.hangUp(asAgent, call);
        afterCallTask();
        return talkTask;
    }

    /** The id of the agent's one task during the talk. */
    private String talkTask() {
        return Await.until("the result task during the talk", Duration.ofSeconds(15),
                () -> asAgent.get("/api/agent/tasks").json(), tasks -> tasks.size() == 1)
                .get(0).get("taskId").asText();
    }

    /** The agent's tasks once they are the one after-call task. */
    private JsonNode afterCallTask() {
        return Await.until("the result task after the call", Duration.ofSeconds(15),
                () -> asAgent.get("/api/agent/tasks").json(),
                tasks -> tasks.size() == 1 && "enterCallResult".equals(tasks.get(0).path("taskDefinitionKey").asText()));
    }
}
