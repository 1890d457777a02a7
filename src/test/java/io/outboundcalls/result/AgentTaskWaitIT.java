package io.outboundcalls.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import io.outboundcalls.support.TestData;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A desktop that waits for its agent's next task ({@code waitSeconds}) instead of polling, over HTTP. */
@RunningEngineTest
class AgentTaskWaitIT {

    private static final AtomicInteger EXTENSIONS = new AtomicInteger(6700);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;
    @Autowired
    AgentTaskWaits waits;

    UUID list;
    UUID agent;
    Api desk;
    String login;

    @BeforeEach
    void projectListAndAgent() {
        TestData data = new TestData(jdbc);
        UUID project = data.project("Wait", null, null, true);
        list = data.list(project, "Running");
        UUID workplace = UUID.randomUUID();
        jdbc.sql("insert into workplace (id, name, extension) values (:id, 'Wait seat', :ext)")
                .param("id", workplace).param("ext", String.valueOf(EXTENSIONS.incrementAndGet())).update();
        agent = UUID.randomUUID();
        login = "wait" + agent.toString().substring(0, 8);
        jdbc.sql("""
                insert into agent (id, name, login, allow_write, workplace_id, status_id, status_changed_at)
                values (:id, :login, :login, true, :workplace, :offline, current_timestamp)
                """).param("id", agent).param("login", login).param("workplace", workplace)
                .param("offline", status("Offline")).update();
        data.giveSkill(login, project);
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
    void waitingDesktopGetsTheResultTaskAsSoonAsTheCustomerAnswers() throws Exception {
        assertThat(desk.put("/api/agent/status", "{\"statusId\":\"" + status("Ready") + "\"}").status())
                .isEqualTo(200);
        long asked = System.nanoTime();
        CompletableFuture<Api.Reply> waiting = CompletableFuture.supplyAsync(
                () -> desk.get("/api/agent/tasks?waitSeconds=50"));
        CompletableFuture<Api.Reply> otherAgentWaiting = CompletableFuture.supplyAsync(
                () -> Api.as(port, "agent2", "agent2").get("/api/agent/tasks?waitSeconds=8"));
        Await.until("the desktop waiting on the server", Duration.ofSeconds(10), () -> waits.waiting(login),
                count -> count == 1);
        assertThat(waiting).as("no task yet: the answer waits").isNotDone();

        Api.Reply created = Api.as(port, "admin", "admin").post("/api/calls",
                "{\"number\":\"+420724" + (200000 + EXTENSIONS.incrementAndGet()) + "\",\"outboundListId\":\"" + list
                        + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Api.Reply reply = waiting.get(40, TimeUnit.SECONDS);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode tasks = reply.json();
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).get("callId").asText()).isEqualTo(created.json().get("id").asText());
        // the result bar opens with the answer: the agent may enter the result during the talk
        assertThat(tasks.get(0).get("call").get("callPhase").asText()).isEqualTo("AgentTalk");
        assertThat(tasks.get(0).get("taskDefinitionKey").asText()).isEqualTo("enterCallResultDuringOrAfterTheCall");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("answered by the task, not by the time limit")
                .isLessThan(Duration.ofSeconds(40));
        assertThat(otherAgentWaiting.get(20, TimeUnit.SECONDS).json()).as("another agent's wait is not answered by it")
                .isEmpty();
    }

    @Test
    void waitWithoutATaskEndsWithAnEmptyListAfterTheGivenSeconds() {
        long asked = System.nanoTime();
        Api.Reply reply = desk.get("/api/agent/tasks?waitSeconds=1");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json()).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void waitLongerThanAMinuteIsRefused() {
        Api.Reply reply = desk.get("/api/agent/tasks?waitSeconds=61");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("detail").asText()).contains("waitSeconds");
    }

    private UUID status(String name) {
        return new TestData(jdbc).statusId(name);
    }
}
