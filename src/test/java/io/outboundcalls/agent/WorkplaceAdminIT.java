package io.outboundcalls.agent;

import static io.outboundcalls.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** /api/workplaces over HTTP: one extension per workplace, a workplace in use stays. */
@RunningEngineTest
class WorkplaceAdminIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api admin;

    @BeforeEach
    void setUp() {
        admin = Api.as(port, "admin", "admin");
    }

    @Test
    void workplaceIsCreatedReadUpdatedAndDeleted() {
        String extension = extension();
        Api.Reply created = admin.post("/api/workplaces", "{\"name\":\"Desk 7\",\"extension\":\" %s \"}"
                .formatted(extension));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode workplace = created.json();
        String id = workplace.get("id").asText();
        assertThat(created.location()).endsWith("/api/workplaces/" + id);
        assertThat(workplace.get("extension").asText()).isEqualTo(extension);
        assertThat(workplace.get("agentBlockedSeconds").isNull()).as("blocking disabled").isTrue();
        assertThat(Api.as(port, "agent1", "agent1").get("/api/workplaces/" + id).json()).isEqualTo(workplace);
        assertThat(Api.as(port, "viewer", "viewer").get("/api/workplaces").json().findValuesAsText("extension"))
                .contains(extension, "1001");

        Api.Reply updated = admin.put("/api/workplaces/" + id, "{\"name\":\"Desk 8\",\"extension\":\"%s\","
                .formatted(extension) + "\"agentBlockedSeconds\":20}");
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        JsonNode after = admin.get("/api/workplaces/" + id).json();
        assertThat(after.get("name").asText()).isEqualTo("Desk 8");
        assertThat(after.get("agentBlockedSeconds").asInt()).isEqualTo(20);

        assertThat(admin.delete("/api/workplaces/" + id).status()).isEqualTo(204);
        assertProblem(admin.get("/api/workplaces/" + id), 404, null);
    }

    @Test
    void badWorkplaceIsAProblemThatNamesTheFieldAndWritesNothing() {
        String extension = extension();
        assertProblem(admin.post("/api/workplaces", "{\"name\":\"Desk\"}"), 400, "extension");
        assertProblem(admin.post("/api/workplaces", "{\"extension\":\"%s\"}".formatted(extension)), 400, "name");
        assertProblem(admin.post("/api/workplaces", "{\"name\":\"Desk\",\"extension\":\"%s\",\"agentBlockedSeconds\":-5}"
                .formatted(extension)), 400, "agentBlockedSeconds");
        assertProblem(admin.post("/api/workplaces", "{\"name\":\"Desk\",\"extension\":\"%s\"}"
                .formatted("9".repeat(33))), 400, "extension");
        assertThat(countExtension(extension)).isZero();
    }

    @Test
    void extensionsAreUnique() {
        String extension = extension();
        String first = admin.post("/api/workplaces", "{\"name\":\"A\",\"extension\":\"%s\"}".formatted(extension))
                .json().get("id").asText();
        String second = admin.post("/api/workplaces", "{\"name\":\"B\",\"extension\":\"%s-2\"}".formatted(extension))
                .json().get("id").asText();

        assertProblem(admin.post("/api/workplaces", "{\"name\":\"C\",\"extension\":\"%s\"}".formatted(extension)), 409,
                "extension");
        assertProblem(admin.put("/api/workplaces/" + second, "{\"name\":\"B\",\"extension\":\"%s\"}"
                .formatted(extension)), 409, "extension");
        assertThat(admin.put("/api/workplaces/" + first, "{\"name\":\"A renamed\",\"extension\":\"%s\"}"
                .formatted(extension)).status()).as("its own extension").isEqualTo(200);
        assertThat(countExtension(extension)).isEqualTo(1);

        admin.delete("/api/workplaces/" + first);
        admin.delete("/api/workplaces/" + second);
    }

    @Test
    void workplaceOfAnAgentIsNotDeleted() {
        String extension = extension();
        String workplace = admin.post("/api/workplaces", "{\"name\":\"Seat\",\"extension\":\"%s\"}".formatted(extension))
                .json().get("id").asText();
        String login = "seat" + extension.replace("-", "");
        String agent = admin.post("/api/agents", "{\"name\":\"Seated\",\"login\":\"%s\",\"password\":\"pw\","
                .formatted(login) + "\"workplaceId\":\"%s\"}".formatted(workplace)).json().get("id").asText();

        assertProblem(admin.delete("/api/workplaces/" + workplace), 409, "agents");
        assertThat(admin.get("/api/workplaces/" + workplace).status()).isEqualTo(200);

        assertThat(admin.delete("/api/agents/" + agent).status()).isEqualTo(204);
        assertThat(admin.delete("/api/workplaces/" + workplace).status()).isEqualTo(204);
    }

    @Test
    void onlyAdministratorsWriteWorkplaces() {
        String extension = extension();
        String id = admin.post("/api/workplaces", "{\"name\":\"Seat\",\"extension\":\"%s\"}".formatted(extension))
                .json().get("id").asText();
        for (Api user : new Api[] {Api.as(port, "agent1", "agent1"), Api.as(port, "viewer", "viewer")}) {
            assertProblem(user.post("/api/workplaces", "{\"name\":\"Mine\",\"extension\":\"%s-x\"}"
                    .formatted(extension)), 403, "camunda-admin");
            assertProblem(user.put("/api/workplaces/" + id, "{\"name\":\"Mine\",\"extension\":\"%s\"}"
                    .formatted(extension)), 403, null);
            assertProblem(user.delete("/api/workplaces/" + id), 403, null);
        }
        assertThat(admin.get("/api/workplaces/" + id).json().get("name").asText()).isEqualTo("Seat");
        assertThat(countExtension(extension + "-x")).isZero();
        admin.delete("/api/workplaces/" + id);
    }

    private long countExtension(String extension) {
        return jdbc.sql("select count(*) from workplace where extension = :extension").param("extension", extension)
                .query(Long.class).single();
    }

    private static String extension() {
        return "t-" + UUID.randomUUID().toString().substring(0, 13);
    }
}
