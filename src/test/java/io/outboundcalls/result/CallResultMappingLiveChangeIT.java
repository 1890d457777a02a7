package io.outboundcalls.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.Deployments;
import io.outboundcalls.support.RunningEngineTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An analyst changes call-result-mapping in Camunda Modeler and deploys it to the running engine: the next call's
 * result follows the new version, without a restart.
 */
@RunningEngineTest
class CallResultMappingLiveChangeIT {

    private static final String TABLE = "dmn/call-result-mapping.dmn";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;

    UUID agent;

    @AfterEach
    void agentOffline() {
        jdbc.sql("update agent set status_id = (select id from agent_status where name = 'Offline'),"
                + " current_call_id = null where id = :id").param("id", agent).update();
    }

    @Test
    void nextCallFollowsTheVersionDeployedFromModeler() {
        Api admin = Api.as(port, "admin", "admin");
        String bundled = Deployments.bundled(TABLE);
        // The change: satisfied customers are called again in two hours (a follow-up campaign) instead of finishing.
        String rule = bundled.substring(bundled.indexOf("<rule id=\"successFinishes\">"),
                bundled.indexOf("</rule>", bundled.indexOf("<rule id=\"successFinishes\">")));
        String changedRule = rule.replace("<text>true</text>", "<text>false</text>")
                .replaceFirst("(<outputEntry id=\"successFinishesOut3\">\\s*<text>)(</text>)", "$1\"PT2H\"$2");
        String changed = bundled.replace(rule, changedRule);
        assertThat(changed).isNotEqualTo(bundled).contains("\"PT2H\"");

        Api.Reply deployed = Deployments.deploy(admin, "analyst change", TABLE, changed);
        try {
            assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);

            JsonNode call = callWithResult("Success");

            assertThat(call.get("callPhase").asText()).isEqualTo("Enqueue");
            assertThat(call.get("callResult").asText()).isEqualTo("Scheduled");
            assertThat(call.get("lastResult").asText()).isEqualTo("Success");
            assertThat(OffsetDateTime.parse(call.get("scheduleTime").asText()))
                    .isBetween(OffsetDateTime.now().plusMinutes(110), OffsetDateTime.now().plusMinutes(130));
            JsonNode decision = call.get("decisions").get(0);
            int latest = jdbc.sql("select max(version_) from act_re_decision_def where key_ = 'callResultMapping'")
                    .query(Integer.class).single();
            assertThat(decision.get("version").asInt()).isEqualTo(latest).isGreaterThan(1);
            assertThat(decision.get("outputs").get("finish").asBoolean()).isFalse();
        } finally {
            assertThat(Deployments.deploy(admin, "restore bundled table", TABLE, bundled).status()).isEqualTo(200);
        }
        JsonNode restored = callWithResult("Success");
        assertThat(restored.get("callPhase").asText()).as("the restored version finishes again").isEqualTo("Finished");
    }

    /** One call through a fresh agent, answered, with a result of this general result. */
    private JsonNode callWithResult(String generalResult) {
        UUID project = UUID.randomUUID();
        jdbc.sql("insert into project (id, name, show_result_bar) values (:id, :name, true)").param("id", project)
                .param("name", "Live DMN " + project).update();
        UUID list = UUID.randomUUID();
        jdbc.sql("insert into outbound_list (id, name, project_id, state) values (:id, :n, :p, 'Running')")
                .param("id", list).param("n", "Live DMN " + list).param("p", project).update();
        UUID workplace = UUID.randomUUID();
        jdbc.sql("insert into workplace (id, name, extension) values (:id, 'Live seat', :ext)").param("id", workplace)
                .param("ext", "66" + workplace.toString().substring(0, 6)).update();
        agent = UUID.randomUUID();
        String login = "live" + agent.toString().substring(0, 8);
        jdbc.sql("""
                insert into agent (id, name, login, allow_write, workplace_id, status_id, status_changed_at)
                values (:id, :l, :l, true, :w, (select id from agent_status where name = 'Ready'), current_timestamp)
                """).param("id", agent).param("l", login).param("w", workplace).update();
        jdbc.sql("insert into agent_project_skill (agent_id, project_id) values (:a, :p)").param("a", agent)
                .param("p", project).update();
        User user = identity.newUser(login);
        user.setPassword(login);
        identity.saveUser(user);
        Api desk = Api.as(port, login, login);
        Api admin = Api.as(port, "admin", "admin");

        String callId = admin.post("/api/calls", "{\"number\":\"+420724333222\",\"outboundListId\":\"" + list + "\"}")
                .json().get("id").asText();
        JsonNode task = Await.until("the result task", Duration.ofSeconds(20), () -> desk.get("/api/agent/tasks").json(),
                tasks -> tasks.size() > 0).get(0);
        String detail = jdbc.sql("select id from call_result_detail where general_result = :g and deleted = false"
                        + " order by name").param("g", generalResult).query(String.class).list().get(0);
        Api.Reply result = desk.post("/api/agent/tasks/" + task.get("taskId").asText() + "/result",
                "{\"callResultDetailId\":\"" + detail + "\"}");
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        // a result entered during the talk applies at the hang-up
        return Await.until("the call past its talk", Duration.ofSeconds(20),
                () -> admin.get("/api/calls/" + callId).json(), c -> !"AgentTalk".equals(c.path("callPhase").asText()));
    }
}
