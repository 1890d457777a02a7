package io.outboundcalls.agent;

import static io.outboundcalls.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** /api/agent-statuses over HTTP: agents read the statuses, administrators write them, statuses in use stay. */
@RunningEngineTest
class AgentStatusAdminIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api admin;
    final List<String> cleanup = new ArrayList<>();

    @BeforeEach
    void setUp() {
        admin = Api.as(port, "admin", "admin");
    }

    @AfterEach
    void removeWhatThisTestCreated() {
        // in reverse: projects and agents before the statuses they use
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            admin.delete(cleanup.get(i));
        }
    }

    @Test
    void statusIsCreatedReadUpdatedAndDeleted() {
        String name = "Coffee " + UUID.randomUUID();
        Api.Reply created = admin.post("/api/agent-statuses", "{\"name\":\"%s\",\"activityType\":\"Pause\"}"
                .formatted(name));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode status = created.json();
        String id = status.get("id").asText();
        assertThat(created.location()).endsWith("/api/agent-statuses/" + id);
        assertThat(status.get("activityType").asText()).isEqualTo("Pause");
        assertThat(status.get("allowsPredistributed").asBoolean()).as("default").isFalse();
        assertThat(Api.as(port, "agent1", "agent1").get("/api/agent-statuses/" + id).json()).isEqualTo(status);
        assertThat(Api.as(port, "viewer", "viewer").get("/api/agent-statuses").json().findValuesAsText("name"))
                .contains(name, "Ready", "Wrap-up", "Pause", "Offline");

        Api.Reply updated = admin.put("/api/agent-statuses/" + id,
                "{\"name\":\"%s\",\"activityType\":\"ready\",\"allowsPredistributed\":true}".formatted(name));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("activityType").asText()).isEqualTo("Ready");
        assertThat(admin.get("/api/agent-statuses/" + id).json().get("allowsPredistributed").asBoolean()).isTrue();

        assertThat(admin.delete("/api/agent-statuses/" + id).status()).isEqualTo(204);
        assertProblem(admin.get("/api/agent-statuses/" + id), 404, null);
    }

    @Test
    void badStatusIsAProblemThatNamesTheField() {
        String name = "Bad " + UUID.randomUUID();
        assertProblem(admin.post("/api/agent-statuses", "{\"name\":\"%s\",\"activityType\":\"Lunch\"}"
                .formatted(name)), 400, "activityType");
        assertProblem(admin.post("/api/agent-statuses", "{\"name\":\"%s\"}".formatted(name)), 400, "activityType");
        assertProblem(admin.post("/api/agent-statuses", "{\"activityType\":\"Pause\"}"), 400, "name");
        assertProblem(admin.post("/api/agent-statuses", "{\"name\":\"Ready\",\"activityType\":\"Ready\"}"), 409, "name");
        assertThat(jdbc.sql("select count(*) from agent_status where name = :name").param("name", name)
                .query(Long.class).single()).isZero();
    }

    @Test
    void statusUsedAsAutomaticPcpStatusStaysPostCallAndIsNotDeleted() {
        String status = create("Wrap " + UUID.randomUUID(), "PostCall");
        String project = admin.post("/api/projects", """
                {"name":"PCP %s","postCallPauseSeconds":10,"automaticPcpStatusId":"%s"}
                """.formatted(UUID.randomUUID(), status)).json().get("id").asText();
        cleanup.add("/api/projects/" + project);

        assertProblem(admin.delete("/api/agent-statuses/" + status), 409, "PCP");
        assertProblem(admin.put("/api/agent-statuses/" + status, "{\"name\":\"Renamed\",\"activityType\":\"Pause\"}"),
                409, "activityType");

        JsonNode after = admin.get("/api/agent-statuses/" + status).json();
        assertThat(after.get("activityType").asText()).isEqualTo("PostCall");
        assertThat(after.get("name").asText()).startsWith("Wrap ");
    }

    @Test
    void statusAnAgentIsInIsNotDeleted() {
        String status = create("Training " + UUID.randomUUID(), "Pause");
        String login = "status" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String agent = admin.post("/api/agents", "{\"name\":\"Status Agent\",\"login\":\"%s\",\"password\":\"pw-%s\"}"
                .formatted(login, login)).json().get("id").asText();
        cleanup.add("/api/agents/" + agent);
        Api.Reply chosen = Api.as(port, login, "pw-" + login).put("/api/agent/status", "{\"statusId\":\"%s\"}"
                .formatted(status));
        assertThat(chosen.status()).as(chosen.toString()).isEqualTo(200);

        assertProblem(admin.delete("/api/agent-statuses/" + status), 409, "agents");
        assertThat(admin.get("/api/agent-statuses/" + status).status()).isEqualTo(200);
    }

    @Test
    void onlyAdministratorsWriteStatuses() {
        String status = create("Guarded " + UUID.randomUUID(), "Pause");
        for (Api user : new Api[] {Api.as(port, "agent1", "agent1"), Api.as(port, "viewer", "viewer")}) {
            assertProblem(user.post("/api/agent-statuses", "{\"name\":\"Mine %s\",\"activityType\":\"Ready\"}"
                    .formatted(UUID.randomUUID())), 403, "camunda-admin");
            assertProblem(user.put("/api/agent-statuses/" + status, "{\"name\":\"x\",\"activityType\":\"Ready\"}"),
                    403, null);
            assertProblem(user.delete("/api/agent-statuses/" + status), 403, null);
        }
        assertThat(admin.get("/api/agent-statuses/" + status).json().get("activityType").asText()).isEqualTo("Pause");
        assertThat(jdbc.sql("select count(*) from agent_status where name like 'Mine %'").query(Long.class).single())
                .isZero();
    }

    private String create(String name, String activityType) {
        Api.Reply reply = admin.post("/api/agent-statuses", "{\"name\":\"%s\",\"activityType\":\"%s\"}"
                .formatted(name, activityType));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        String id = reply.json().get("id").asText();
        cleanup.add("/api/agent-statuses/" + id);
        return id;
    }
}
