package io.outboundcalls.campaign;

import static io.outboundcalls.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import io.outboundcalls.support.TestData;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** /api/projects over HTTP: administrators write projects, everyone reads them, bad input writes nothing. */
@RunningEngineTest
class ProjectAdminIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestData data;
    Api admin;

    @BeforeEach
    void setUp() {
        data = new TestData(jdbc);
        admin = Api.as(port, "admin", "admin");
    }

    @Test
    void projectIsCreatedReadUpdatedAndDeleted() {
        String name = "Admin project " + UUID.randomUUID();
        Api.Reply created = admin.post("/api/projects", """
                {"name":"%s","callerId":"+420 222 111 000","postCallPauseSeconds":0,
                 "automaticPcpStatusId":"%s","resultWaitSeconds":60,"defaultPriority":5}
                """.formatted(name, data.statusId("Wrap-up")));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode project = created.json();
        String id = project.get("id").asText();
        assertThat(created.location()).endsWith("/api/projects/" + id);
        assertThat(project.get("name").asText()).isEqualTo(name);
        assertThat(project.get("callerId").asText()).as("normalized like numbers").isEqualTo("+420222111000");
        assertThat(project.get("postCallPauseSeconds").asInt()).isZero();
        assertThat(project.get("automaticPcpStatusId").asText()).isEqualTo(data.statusId("Wrap-up").toString());
        assertThat(project.get("resultWaitSeconds").asInt()).isEqualTo(60);
        assertThat(project.get("maxOfferAttempts").asInt()).as("default").isEqualTo(3);
        assertThat(project.get("showResultBar").asBoolean()).as("default").isTrue();
        assertThat(project.get("manualScheduling").asBoolean()).as("default").isFalse();
        assertThat(project.get("defaultPriority").asInt()).isEqualTo(5);

        Api.Reply read = Api.as(port, "viewer", "viewer").get("/api/projects/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(project);
        Api.Reply listed = Api.as(port, "agent1", "agent1").get("/api/projects");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().findValuesAsText("id")).contains(id);

        Api.Reply updated = admin.put("/api/projects/" + id, """
                {"name":"%s renamed","postCallPauseSeconds":null,"resultWaitSeconds":null,"maxOfferAttempts":5,
                 "showResultBar":false,"manualScheduling":true}
                """.formatted(name));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        JsonNode after = admin.get("/api/projects/" + id).json();
        assertThat(after.get("name").asText()).isEqualTo(name + " renamed");
        assertThat(after.get("postCallPauseSeconds").isNull()).as("PCP off").isTrue();
        assertThat(after.get("resultWaitSeconds").isNull()).as("no limit").isTrue();
        assertThat(after.get("automaticPcpStatusId").isNull()).isTrue();
        assertThat(after.get("callerId").isNull()).isTrue();
        assertThat(after.get("maxOfferAttempts").asInt()).isEqualTo(5);
        assertThat(after.get("showResultBar").asBoolean()).isFalse();
        assertThat(after.get("manualScheduling").asBoolean()).isTrue();

        assertThat(admin.delete("/api/projects/" + id).status()).isEqualTo(204);
        assertProblem(admin.get("/api/projects/" + id), 404, id);
    }

    static Stream<Arguments> badProjects() {
        return Stream.of(
                Arguments.of("missing name", "{}", "name"),
                Arguments.of("blank name", "{\"name\":\"  \"}", "name"),
                Arguments.of("name too long", "{\"name\":\"%s" + "x".repeat(200) + "\"}", "name"),
                Arguments.of("negative post-call pause", "{\"name\":\"%s\",\"postCallPauseSeconds\":-1}",
                        "postCallPauseSeconds"),
                Arguments.of("zero result wait", "{\"name\":\"%s\",\"resultWaitSeconds\":0}", "resultWaitSeconds"),
                Arguments.of("zero offer attempts", "{\"name\":\"%s\",\"maxOfferAttempts\":0}", "maxOfferAttempts"),
                Arguments.of("unknown PCP status", "{\"name\":\"%s\",\"automaticPcpStatusId\":\"" + UUID.randomUUID()
                        + "\"}", "automaticPcpStatusId"),
                Arguments.of("bad caller id", "{\"name\":\"%s\",\"callerId\":\"not a number\"}", "callerId"),
                Arguments.of("text for a number", "{\"name\":\"%s\",\"resultWaitSeconds\":\"long\"}",
                        "resultWaitSeconds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badProjects")
    void badProjectIsAProblemThatNamesTheFieldAndWritesNothing(String label, String body, String field) {
        String name = "Bad project " + UUID.randomUUID();

        assertProblem(admin.post("/api/projects", body.formatted(name)), 400, field);

        assertThat(projectsNamedLike(name)).isZero();
    }

    @Test
    void automaticPcpStatusMustHaveTheActivityTypePostCall() {
        String name = "Ready as PCP " + UUID.randomUUID();

        Api.Reply reply = admin.post("/api/projects", """
                {"name":"%s","postCallPauseSeconds":30,"automaticPcpStatusId":"%s"}
                """.formatted(name, data.statusId("Ready")));

        assertProblem(reply, 400, "automaticPcpStatusId");
        assertThat(reply.json().get("detail").asText()).contains("PostCall");
        assertThat(projectsNamedLike(name)).isZero();
    }

    @Test
    void badUpdateLeavesTheProjectAsItWas() {
        UUID id = data.project("Unchanged", 30, 120, true);
        JsonNode before = admin.get("/api/projects/" + id).json();

        assertProblem(admin.put("/api/projects/" + id, """
                {"name":"Changed %s","automaticPcpStatusId":"%s"}
                """.formatted(id, data.statusId("Pause"))), 400, "automaticPcpStatusId");

        assertThat(admin.get("/api/projects/" + id).json()).isEqualTo(before);
    }

    @Test
    void projectNamesAreUnique() {
        String name = "Unique " + UUID.randomUUID();
        assertThat(admin.post("/api/projects", "{\"name\":\"%s\"}".formatted(name)).status()).isEqualTo(201);
        String otherId = admin.post("/api/projects", "{\"name\":\"%s 2\"}".formatted(name)).json().get("id").asText();

        assertProblem(admin.post("/api/projects", "{\"name\":\"%s\"}".formatted(name)), 409, "name");
        assertProblem(admin.put("/api/projects/" + otherId, "{\"name\":\"%s\"}".formatted(name)), 409, "name");
        assertThat(jdbc.sql("select count(*) from project where name = :name").param("name", name)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void projectWithOutboundListsCannotBeDeleted() {
        UUID id = data.project("With list", null, null, true);
        data.list(id, "Stopped");

        Api.Reply reply = admin.delete("/api/projects/" + id);

        assertProblem(reply, 409, "outbound lists");
        assertThat(admin.get("/api/projects/" + id).status()).isEqualTo(200);
    }

    @Test
    void onlyAdministratorsWriteProjects() {
        UUID id = data.project("Guarded", null, null, true);
        JsonNode before = admin.get("/api/projects/" + id).json();
        String name = "Agent's project " + UUID.randomUUID();
        for (Api user : new Api[] {Api.as(port, "agent1", "agent1"), Api.as(port, "viewer", "viewer")}) {
            assertProblem(user.post("/api/projects", "{\"name\":\"%s\"}".formatted(name)), 403, "camunda-admin");
            assertProblem(user.put("/api/projects/" + id, "{\"name\":\"%s\"}".formatted(name)), 403, null);
            assertProblem(user.delete("/api/projects/" + id), 403, null);
        }
        assertThat(projectsNamedLike(name)).isZero();
        assertThat(admin.get("/api/projects/" + id).json()).isEqualTo(before);
    }

    @Test
    void unknownProjectIsNotFound() {
        UUID id = UUID.randomUUID();
        assertProblem(admin.get("/api/projects/" + id), 404, null);
        assertProblem(admin.put("/api/projects/" + id, "{\"name\":\"x\"}"), 404, null);
        assertProblem(admin.delete("/api/projects/" + id), 404, null);
    }

    private long projectsNamedLike(String prefix) {
        return jdbc.sql("select count(*) from project where name like :prefix").param("prefix", prefix + "%")
                .query(Long.class).single();
    }
}
