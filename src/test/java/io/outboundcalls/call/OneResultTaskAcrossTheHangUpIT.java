package io.outboundcalls.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A project with the result bar and nothing that starts at the hang-up (no post-call pause, no result wait): the agent
 * enters the result in one task during the talk and after it, so the desktop's task id stays good across the hang-up.
 */
@RunningEngineTest
class OneResultTaskAcrossTheHangUpIT {

    private static final String TASK = "enterCallResultDuringOrAfterTheCall";

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
    @Autowired
    CallLifecycle lifecycle;
    @Autowired
    OutboundCallRepository calls;
    @Autowired
    PlatformTransactionManager transactionManager;

    IntakeFixtures fixtures;
    UUID list;
    UUID agent;
    Api asAgent;

    @BeforeEach
    void aProjectWithTheResultBarAndNoPauseAndNoResultWait() {
        fixtures = new IntakeFixtures(jdbc, identity, port);
        UUID project = fixtures.project("One result task", false, true, null);
        list = fixtures.list(project, "Paused");
        agent = fixtures.agent(project);
        asAgent = fixtures.as(agent);
    }

    @AfterEach
    void close() {
        fixtures.close();
    }

    @Test
    void theHangUpKeepsTheAgentsTaskAndItsResultFinishesTheCall() {
        UUID call = fixtures.talkingCall(asAgent, list);
        String task = talkTask();

        fixtures.hangUp(asAgent, call);
        fixtures.awaitPhase(call, "Result", Duration.ofSeconds(20));
        JsonNode tasks = asAgent.get("/api/agent/tasks").json();
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).get("taskId").asText()).as("the same task").isEqualTo(task);
        assertThat(tasks.get(0).get("call").get("callPhase").asText()).isEqualTo("Result");
        Map<String, Object> hungUp = fixtures.row(call);
        assertThat(hungUp.get("hung_up_at")).as("the hang-up's moment").isNotNull();

        Api.Reply entered = asAgent.post("/api/agent/tasks/" + task + "/result",
                "{\"callResultDetailId\":\"" + fixtures.detail("Success") + "\",\"note\":\"after the call\"}");
        assertThat(entered.status()).as(entered.toString()).isEqualTo(200);

        fixtures.awaitPhase(call, "Finished", Duration.ofSeconds(20));
        Map<String, Object> row = fixtures.row(call);
        assertThat(row.get("call_result")).isEqualTo("Success");
        assertThat(row.get("note")).isEqualTo("after the call");
        assertThat(row.get("hung_up_at")).as("kept from the hang-up, not the result's moment")
                .isEqualTo(hungUp.get("hung_up_at"));
        assertThat(asAgent.get("/api/agent/tasks").json()).as("nothing more to enter").isEmpty();
        assertOneTaskCompleted(call);
    }

    @Test
    void aResultDuringTheTalkIsRecordedAtTheHangUp() {
        UUID call = fixtures.talkingCall(asAgent, list);

        Api.Reply entered = asAgent.post("/api/agent/tasks/" + talkTask() + "/result",
                "{\"callResultDetailId\":\"" + fixtures.detail("Success") + "\"}");
        assertThat(entered.status()).as(entered.toString()).isEqualTo(200);
        assertThat(fixtures.phase(call)).as("the talk goes on").isEqualTo("AgentTalk");
        assertThat(fixtures.result(call)).as("recorded at the end of the call").isEqualTo("Prepared");

        fixtures.hangUp(asAgent, call);
        fixtures.awaitPhase(call, "Finished", Duration.ofSeconds(20));
        assertThat(fixtures.result(call)).isEqualTo("Success");
        OffsetDateTime hungUpAt = jdbc.sql("select hung_up_at from outbound_call where id = :id")
                .param("id", call).query(OffsetDateTime.class).single();
        assertThat(hungUpAt).isNotNull();
        assertOneTaskCompleted(call);
    }

    @Test
    void aResultThatMeetsTheHangUpInTheMiddleOfItsCommandIsEnteredAtOnce() throws Exception {
        UUID call = fixtures.talkingCall(asAgent, list);
        String task = talkTask();
        String instance = String.valueOf(fixtures.row(call).get("process_instance_id"));
        // the instance's execution held, so that the hang-up stops before its commit with the call's row written,
        // and the result's command, which read the talk as going on, stops behind it: both go on when the row is let
        // go, the hang-up first, and the result's first try fails on the execution's revision
        Api.Reply reply = fixtures.resultBehindTheHangUp(dataSource,
                "select id_ from act_ru_execution where id_ = ? for update", instance, asAgent, call, task);
        assertThat(reply.status()).as("entered at once, not sent back to be sent again: " + reply).isEqualTo(200);
        fixtures.awaitPhase(call, "Finished", Duration.ofSeconds(20));
        assertThat(fixtures.result(call)).isEqualTo("Success");
        assertThat(fixtures.row(call).get("note")).isEqualTo("typed as they hung up");
        assertOneTaskCompleted(call);
    }

    @Test
    void aResultWhoseTransactionReadTheCallBeforeTheHangUpCommittedStillSeesTheHangUp() {
        UUID call = fixtures.talkingCall(asAgent, list);
        String login = fixtures.login(agent);
        CallLifecycle.ResultTask task = lifecycle.resultTaskOf(login, talkTask()).orElseThrow();
        UUID success = fixtures.detail("Success");

        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> {
            // the result's transaction has read the call's row, as the desktop's request does first, while it talked
            assertThat(calls.find(call).orElseThrow().callPhase()).isEqualTo(CallPhase.AgentTalk);
            fixtures.hangUp(asAgent, call);
            // the hang-up commits in a transaction of its own before this one goes on to the task
            Await.until("the hang-up committed", Duration.ofSeconds(20),
                    () -> jdbc.sql("select call_phase from outbound_call where id = :id").param("id", call)
                            .query(String.class).single(), "Result"::equals);
            lifecycle.resultEntered(task, new CallLifecycle.EnteredResult("Success", "Success", success, null, null));
        });

        assertThat(fixtures.phase(call)).as("the result after the hang-up ends the call, no wait for a second one")
                .isEqualTo("Finished");
        assertThat(fixtures.result(call)).isEqualTo("Success");
        assertOneTaskCompleted(call);
    }

    private void assertOneTaskCompleted(UUID call) {
        String instance = String.valueOf(fixtures.row(call).get("process_instance_id"));
        assertThat(history.createHistoricTaskInstanceQuery().processInstanceId(instance).list())
                .extracting(HistoricTaskInstance::getTaskDefinitionKey, HistoricTaskInstance::getDeleteReason)
                .containsExactly(tuple(TASK, "completed"));
    }


    private String talkTask() {
        JsonNode tasks = Await.until("the result task during the talk", Duration.ofSeconds(15),
                () -> asAgent.get("/api/agent/tasks").json(), found -> found.size() == 1);
        assertThat(tasks.get(0).get("taskDefinitionKey").asText()).isEqualTo(TASK);
        return tasks.get(0).get("taskId").asText();
    }
}
