package io.outboundcalls.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The seed's post-call pause, its three settings, with the result bar and the result wait, over HTTP on the running
 * engine: what happens to the agent's status and to the call after the hang-up.
 */
@RunningEngineTest
class PostCallPauseIT {

    private static final AtomicInteger EXTENSIONS = new AtomicInteger(6100);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;

    UUID project;
    UUID list;
    UUID agent;
    String login;
    Api desk;

    @BeforeEach
    void projectListAndAgent() {
        project = UUID.randomUUID();
        jdbc.sql("insert into project (id, name, automatic_pcp_status_id) values (:id, :name, :wrapUp)")
                .param("id", project).param("name", "PCP " + project).param("wrapUp", status("Wrap-up")).update();
        list = UUID.randomUUID();
        jdbc.sql("insert into outbound_list (id, name, project_id, state) values (:id, :name, :p, 'Running')")
                .param("id", list).param("name", "PCP list " + list).param("p", project).update();
        UUID workplace = UUID.randomUUID();
        jdbc.sql("insert into workplace (id, name, extension) values (:id, 'PCP seat', :ext)")
                .param("id", workplace).param("ext", String.valueOf(EXTENSIONS.incrementAndGet())).update();
        agent = UUID.randomUUID();
        login = "pcp" + agent.toString().substring(0, 8);
        jdbc.sql("""
                insert into agent (id, name, login, allow_write, workplace_id, status_id, status_changed_at)
                values (:id, :login, :login, true, :workplace, :offline, current_timestamp)
                """).param("id", agent).param("login", login).param("workplace", workplace)
                .param("offline", status("Offline")).update();
        jdbc.sql("insert into agent_project_skill (agent_id, project_id) values (:a, :p)").param("a", agent)
                .param("p", project).update();
        User user = identity.newUser(login);
        user.setPassword(login);
        identity.saveUser(user);
        desk = Api.as(port, login, login);
    }

    @AfterEach
    void agentOffline() {
        jdbc.sql("update agent set status_id = :offline, current_call_id = null where id = :id")
                .param("offline", status("Offline")).param("id", agent).update();
        jdbc.sql("update outbound_list set state = 'Stopped' where id = :id").param("id", list).update();
    }

    @Test
    void withoutPostCallPauseTheAgentStaysReadyAndAnUnansweredResultEndsNoResult() {
        settings(null, true, 2);

        UUID call = answeredAndHungUp();

        JsonNode state = desk.get("/api/agent").json();
        assertThat(state.get("activityType").asText()).as("no PCP status").isEqualTo("Ready");
        assertThat(state.get("offeredCallId").asText()).as("the line is busy until the result").isEqualTo(call.toString());
        assertThat(tasks()).hasSize(1);

        JsonNode ended = awaitFinished(call);
        assertThat(ended.get("callResult").asText()).isEqualTo("NoResult");
        assertThat(desk.get("/api/agent").json().get("offeredCallId").isNull()).isTrue();
        assertThat(desk.get("/api/agent").json().get("activityType").asText()).isEqualTo("Ready");
    }

    @Test
    void unlimitedPostCallPauseLastsUntilTheAgentLeavesIt() {
        settings(0, true, null);

        UUID call = answeredAndHungUp();
        assertThat(activity()).isEqualTo("PostCall");
        assertThat(tasks()).hasSize(1);
        assertThat(timersOf(call)).as("no timer ends an unlimited pause").isEmpty();

        JsonNode task = tasks().get(0);
        assertThat(desk.post("/api/agent/tasks/" + task.get("taskId").asText() + "/result",
                "{\"callResultDetailId\":\"" + detail("Success") + "\"}").status()).isEqualTo(200);
        assertThat(awaitFinished(call).get("callResult").asText()).isEqualTo("Success");
        assertThat(activity()).as("the result does not end the pause either").isEqualTo("PostCall");

        desk.put("/api/agent/status", "{\"statusId\":\"" + status("Ready") + "\"}");
        assertThat(activity()).isEqualTo("Ready");
    }

    @Test
    void timedPostCallPauseReturnsTheAgentToReadyAndEndsTheCallNoResult() {
        settings(2, true, null);

        UUID call = answeredAndHungUp();
        assertThat(desk.get("/api/agent").json().get("statusId").asText()).isEqualTo(status("Wrap-up").toString());

        Await.until("the agent back to Ready when the pause ends", Duration.ofSeconds(15), this::activity,
                "Ready"::equals);
        assertThat(desk.get("/api/agent").json().get("statusId").asText()).isEqualTo(status("Ready").toString());
        assertThat(awaitFinished(call).get("callResult").asText())
                .as("the period expired without a result").isEqualTo("NoResult");
        assertThat(tasks()).isEmpty();
    }

    @Test
    void statusTheAgentChoseDuringTheTimedPauseIsKept() {
        settings(2, true, null);

        UUID call = answeredAndHungUp();
        desk.put("/api/agent/status", "{\"statusId\":\"" + status("Pause") + "\"}");

        awaitFinished(call);
        // the instance ends only once both branches of the after-call work joined: the pause timer has fired
        Await.until("the pause timer fired and the instance ended", Duration.ofSeconds(15),
                () -> instanceEnded(call), ended -> ended);
        assertThat(activity()).as("the pause timer does not override the agent's choice").isEqualTo("Pause");
    }

    @Test
    void resultEnteredWithinTheTimedPauseIsRecorded() {
        settings(30, true, null);

        UUID call = answeredAndHungUp();
        JsonNode task = tasks().get(0);
        assertThat(task.get("taskDefinitionKey").asText()).as("the result is due within the pause")
                .isEqualTo("enterCallResultBeforeDeadline");
        desk.post("/api/agent/tasks/" + task.get("taskId").asText() + "/result",
                "{\"callResultDetailId\":\"" + detail("Wrong number") + "\"}");

        assertThat(awaitFinished(call).get("callResult").asText()).isEqualTo("Failed");
        assertThat(activity()).as("still in the 30 s pause").isEqualTo("PostCall");
    }

    @Test
    void withoutResultBarThereIsNoTaskAndTheCallEndsAtTheHangUp() {
        settings(2, false, null);

        UUID call = answered();
        JsonNode ended = awaitFinished(call);

        assertThat(ended.get("callResult").asText()).isEqualTo("NoResult");
        assertThat(tasks()).isEmpty();
        Await.until("the agent back to Ready after the pause", Duration.ofSeconds(15), this::activity,
                "Ready"::equals);
    }

    @Test
    void callTheCustomerNeverAnsweredHasNoTaskAndNoPause() {
        settings(30, true, 120);
        ready();

        UUID call = call("+420724120486");
        JsonNode busy = Await.until("the busy outcome", Duration.ofSeconds(15),
                () -> Api.as(port, "admin", "admin").get("/api/calls/" + call).json(),
                c -> "Busy".equals(c.path("lastResult").asText()));

        assertThat(busy.get("callResult").asText()).as("rescheduled by the mapping table").isEqualTo("Scheduled");
        assertThat(busy.get("callPhase").asText()).isEqualTo("Enqueue");
        assertThat(tasks()).isEmpty();
        assertThat(activity()).isEqualTo("Ready");
    }

    private void settings(Integer postCallPauseSeconds, boolean showResultBar, Integer resultWaitSeconds) {
        jdbc.sql("""
                update project set post_call_pause_seconds = :pcp, show_result_bar = :bar, result_wait_seconds = :wait
                where id = :id
                """).param("pcp", postCallPauseSeconds).param("bar", showResultBar).param("wait", resultWaitSeconds)
                .param("id", project).update();
    }

    private void ready() {
        assertThat(desk.put("/api/agent/status", "{\"statusId\":\"" + status("Ready") + "\"}").status())
                .isEqualTo(200);
    }

    private UUID call(String number) {
        Api.Reply reply = Api.as(port, "admin", "admin").post("/api/calls",
                "{\"number\":\"" + number + "\",\"outboundListId\":\"" + list + "\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return UUID.fromString(reply.json().get("id").asText());
    }

    /** A call offered to the Ready agent and answered. */
    private UUID answered() {
        ready();
        UUID call = call("+420724" + (100000 + EXTENSIONS.incrementAndGet()));
        Await.until("the call answered", Duration.ofSeconds(15), () -> phase(call),
                p -> !p.equals("Enqueue") && !p.equals("Offered") && !p.equals("Dialing"));
        return call;
    }

    /** A call answered and hung up: the after-call work has started. */
    private UUID answeredAndHungUp() {
        UUID call = answered();
        Await.until("the hang-up", Duration.ofSeconds(15), () -> phase(call),
                p -> p.equals("Result") || p.equals("PostCall") || p.equals("Finished"));
        return call;
    }

    private JsonNode awaitFinished(UUID call) {
        return Await.until("the call finished", Duration.ofSeconds(15),
                () -> Api.as(port, "admin", "admin").get("/api/calls/" + call).json(),
                c -> "Finished".equals(c.path("callPhase").asText()));
    }

    /** The timer jobs of the call's process instance, as Cockpit shows them. */
    private JsonNode timersOf(UUID call) {
        Api.Reply jobs = Api.as(port, "admin", "admin").get("/engine-rest/job?timers=true&processInstanceId="
                + processInstance(call) + "&firstResult=0&maxResults=100");
        assertThat(jobs.status()).as(jobs.toString()).isEqualTo(200);
        return jobs.json();
    }

    /** Whether the call's process instance has ended, as Cockpit's history shows it. */
    private boolean instanceEnded(UUID call) {
        Api.Reply history = Api.as(port, "admin", "admin").get("/engine-rest/history/process-instance?processInstanceId="
                + processInstance(call) + "&finished=true&firstResult=0&maxResults=10");
        assertThat(history.status()).as(history.toString()).isEqualTo(200);
        return history.json().size() == 1;
    }

    private String processInstance(UUID call) {
        return jdbc.sql("select process_instance_id from outbound_call where id = :id").param("id", call)
                .query(String.class).single();
    }

    private JsonNode tasks() {
        return desk.get("/api/agent/tasks").json();
    }

    private String activity() {
        return desk.get("/api/agent").json().get("activityType").asText();
    }

    private String phase(UUID call) {
        return jdbc.sql("select call_phase from outbound_call where id = :id").param("id", call).query(String.class)
                .single();
    }

    private UUID status(String name) {
        return jdbc.sql("select id from agent_status where name = :n").param("n", name).query(UUID.class).single();
    }

    private UUID detail(String name) {
        return jdbc.sql("select id from call_result_detail where name = :n and deleted = false")
                .param("n", name).query(UUID.class).list().get(0);
    }
}
