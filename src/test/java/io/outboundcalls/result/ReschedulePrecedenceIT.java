package io.outboundcalls.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * When the next attempt is, end to end over HTTP: the time the agent chose ("call another time") wins over the
 * detail's own delay, which wins over the delay of callResultMapping ("Rescheduled": an hour).
 */
@RunningEngineTest
class ReschedulePrecedenceIT {

    private static final int DETAIL_DELAY_SECONDS = 3 * 3600;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;

    UUID list;
    UUID agent;
    Api desk;
    Api admin;
    UUID detailWithDelay;
    UUID detailWithoutDelay;

    @BeforeEach
    void projectWithResultBarAndTwoDetails() {
        admin = Api.as(port, "admin", "admin");
        UUID project = UUID.randomUUID();
        jdbc.sql("insert into project (id, name, show_result_bar) values (:id, :name, true)").param("id", project)
                .param("name", "Precedence " + project).update();
        list = UUID.randomUUID();
        jdbc.sql("insert into outbound_list (id, name, project_id, state) values (:id, :n, :p, 'Running')")
                .param("id", list).param("n", "Precedence " + list).param("p", project).update();
        UUID workplace = UUID.randomUUID();
        jdbc.sql("insert into workplace (id, name, extension) values (:id, 'Precedence seat', :ext)")
                .param("id", workplace).param("ext", "67" + workplace.toString().substring(0, 6)).update();
        agent = UUID.randomUUID();
        String login = "prec" + agent.toString().substring(0, 8);
        jdbc.sql("""
                insert into agent (id, name, login, allow_write, workplace_id, status_id, status_changed_at)
                values (:id, :l, :l, true, :w, (select id from agent_status where name = 'Ready'), current_timestamp)
                """).param("id", agent).param("l", login).param("w", workplace).update();
        jdbc.sql("insert into agent_project_skill (agent_id, project_id) values (:a, :p)").param("a", agent)
                .param("p", project).update();
        User user = identity.newUser(login);
        user.setPassword(login);
        identity.saveUser(user);
        desk = Api.as(port, login, login);
        detailWithDelay = detail("Call back in three hours", DETAIL_DELAY_SECONDS, project);
        detailWithoutDelay = detail("Call back when the table says", null, project);
    }

    @AfterEach
    void agentOffline() {
        jdbc.sql("update agent set status_id = (select id from agent_status where name = 'Offline'),"
                + " current_call_id = null where id = :id").param("id", agent).update();
        jdbc.sql("update outbound_list set state = 'Stopped' where id = :id").param("id", list).update();
    }

    @Test
    void timeTheAgentChoseWinsOverTheDetailsDelay() {
        OffsetDateTime chosen = OffsetDateTime.now().plusDays(2).truncatedTo(ChronoUnit.SECONDS);

        JsonNode call = callWithResult(detailWithDelay, chosen);

        assertThat(OffsetDateTime.parse(call.get("scheduleTime").asText()).toInstant()).isEqualTo(chosen.toInstant());
    }

    @Test
    void detailsDelayWinsOverTheTable() {
        JsonNode call = callWithResult(detailWithDelay, null);

        assertThat(OffsetDateTime.parse(call.get("scheduleTime").asText())).isBetween(
                OffsetDateTime.now().plusSeconds(DETAIL_DELAY_SECONDS - 120),
                OffsetDateTime.now().plusSeconds(DETAIL_DELAY_SECONDS + 10));
        assertThat(call.get("decisions").get(0).get("outputs").get("rescheduleAfter").asText())
                .as("the table said an hour").isEqualTo("PT1H");
    }

    @Test
    void tableDecidesWhenNeitherTheAgentNorTheDetailDoes() {
        JsonNode call = callWithResult(detailWithoutDelay, null);

        assertThat(OffsetDateTime.parse(call.get("scheduleTime").asText()))
                .isBetween(OffsetDateTime.now().plusMinutes(58), OffsetDateTime.now().plusMinutes(61));
    }

    private UUID detail(String name, Integer delaySeconds, UUID project) {
        Api.Reply reply = admin.post("/api/call-result-details", """
                {"name":"%s %s","generalResult":"Rescheduled","channels":512,"projectIds":["%s"],
                 "rescheduleAfterSeconds":%s}
                """.formatted(name, UUID.randomUUID(), project, delaySeconds));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return UUID.fromString(reply.json().get("id").asText());
    }

    /** One call answered by the agent, with this detail and the chosen time (or none); returns it back in the queue. */
    private JsonNode callWithResult(UUID detail, OffsetDateTime rescheduleAt) {
        String callId = admin.post("/api/calls", "{\"number\":\"+420724333444\",\"outboundListId\":\"" + list + "\"}")
                .json().get("id").asText();
        JsonNode task = Await.until("the result task", Duration.ofSeconds(20), () -> desk.get("/api/agent/tasks").json(),
                tasks -> tasks.size() > 0).get(0);
        assertThat(task.get("callId").asText()).isEqualTo(callId);
        String body = rescheduleAt == null ? "{\"callResultDetailId\":\"" + detail + "\"}"
                : "{\"callResultDetailId\":\"" + detail + "\",\"rescheduleAt\":\"" + rescheduleAt + "\"}";
        Api.Reply result = desk.post("/api/agent/tasks/" + task.get("taskId").asText() + "/result", body);
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        return Await.until("the call back in the queue", Duration.ofSeconds(20),
                () -> admin.get("/api/calls/" + callId).json(),
                c -> "Enqueue".equals(c.get("callPhase").asText()) && "Rescheduled".equals(c.get("lastResult").asText()));
    }
}
