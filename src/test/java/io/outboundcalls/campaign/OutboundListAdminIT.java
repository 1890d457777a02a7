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

/** /api/outbound-lists over HTTP: administrators write lists and change their state, everyone reads them. */
@RunningEngineTest
class OutboundListAdminIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestData data;
    Api admin;
    UUID project;

    @BeforeEach
    void setUp() {
        data = new TestData(jdbc);
        admin = Api.as(port, "admin", "admin");
        project = data.project("Lists", null, null, true);
    }

    @Test
    void listIsCreatedReadUpdatedAndDeleted() {
        String language = admin.post("/api/languages", """
                {"name":"Lists language","code":"l-%s"}
                """.formatted(UUID.randomUUID().toString().substring(0, 8))).json().get("id").asText();
        Api.Reply created = admin.post("/api/outbound-lists", """
                {"name":"Spring campaign","projectId":"%s","languageId":"%s","timeFrom":"08:00","timeTo":"17:30"}
                """.formatted(project, language));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode list = created.json();
        String id = list.get("id").asText();
        assertThat(created.location()).endsWith("/api/outbound-lists/" + id);
        assertThat(list.get("state").asText()).as("default").isEqualTo("Created");
        assertThat(list.get("projectId").asText()).isEqualTo(project.toString());
        assertThat(list.get("languageId").asText()).isEqualTo(language);
        assertThat(list.get("timeFrom").asText()).as("as API.md writes it").isEqualTo("08:00");
        assertThat(list.get("timeTo").asText()).startsWith("17:30");
        assertThat(Api.as(port, "viewer", "viewer").get("/api/outbound-lists/" + id).json()).isEqualTo(list);
        assertThat(Api.as(port, "agent1", "agent1").get("/api/outbound-lists").json().findValuesAsText("id"))
                .contains(id);

        Api.Reply updated = admin.put("/api/outbound-lists/" + id, """
                {"name":"Summer campaign","projectId":"%s","state":"Paused","timeFrom":"22:00"}
                """.formatted(project));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        JsonNode after = admin.get("/api/outbound-lists/" + id).json();
        assertThat(after.get("name").asText()).isEqualTo("Summer campaign");
        assertThat(after.get("state").asText()).isEqualTo("Paused");
        assertThat(after.get("languageId").isNull()).isTrue();
        assertThat(after.get("timeFrom").asText()).startsWith("22:00");
        assertThat(after.get("timeTo").isNull()).as("open end").isTrue();

        assertThat(admin.delete("/api/outbound-lists/" + id).status()).isEqualTo(204);
        assertProblem(admin.get("/api/outbound-lists/" + id), 404, id);
        assertThat(admin.delete("/api/languages/" + language).status()).isEqualTo(204);
    }

    @Test
    void stateChangesByItsOwnEndpoint() {
        UUID list = data.list(project, "Created");

        Api.Reply running = admin.put("/api/outbound-lists/" + list + "/state", "{\"state\":\"Running\"}");
        assertThat(running.status()).as(running.toString()).isEqualTo(200);
        assertThat(running.json().get("state").asText()).isEqualTo("Running");

        Api.Reply stopped = admin.put("/api/outbound-lists/" + list + "/state", "{\"state\":\"stopped\"}");
        assertThat(stopped.json().get("state").asText()).as("names match case-insensitively").isEqualTo("Stopped");

        assertProblem(admin.put("/api/outbound-lists/" + list + "/state", "{\"state\":\"Sleeping\"}"), 400, "state");
        assertProblem(admin.put("/api/outbound-lists/" + list + "/state", "{}"), 400, "state");
        assertThat(admin.get("/api/outbound-lists/" + list).json().get("state").asText()).isEqualTo("Stopped");
        assertProblem(admin.put("/api/outbound-lists/" + UUID.randomUUID() + "/state", "{\"state\":\"Running\"}"),
                404, null);
    }

    static Stream<Arguments> badLists() {
        return Stream.of(
                Arguments.of("missing name", "{\"projectId\":\"%2$s\"}", "name"),
                Arguments.of("missing project", "{\"name\":\"%1$s\"}", "projectId"),
                Arguments.of("unknown project", "{\"name\":\"%1$s\",\"projectId\":\"" + UUID.randomUUID() + "\"}",
                        "projectId"),
                Arguments.of("unknown language", "{\"name\":\"%1$s\",\"projectId\":\"%2$s\",\"languageId\":\""
                        + UUID.randomUUID() + "\"}", "languageId"),
                Arguments.of("unknown state", "{\"name\":\"%1$s\",\"projectId\":\"%2$s\",\"state\":\"Done\"}", "state"),
                Arguments.of("empty time window", "{\"name\":\"%1$s\",\"projectId\":\"%2$s\",\"timeFrom\":\"08:00\","
                        + "\"timeTo\":\"08:00\"}", "timeTo"),
                Arguments.of("not a time of day", "{\"name\":\"%1$s\",\"projectId\":\"%2$s\",\"timeFrom\":\"8 am\"}",
                        "timeFrom"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLists")
    void badListIsAProblemThatNamesTheFieldAndWritesNothing(String label, String body, String field) {
        String name = "Bad list " + UUID.randomUUID();

        assertProblem(admin.post("/api/outbound-lists", body.formatted(name, project)), 400, field);

        assertThat(jdbc.sql("select count(*) from outbound_list where name = :name or project_id = :project")
                .param("name", name).param("project", project).query(Long.class).single()).isZero();
    }

    @Test
    void listWithCallsCannotBeDeletedNorMovedToAnotherProject() {
        UUID list = data.list(project, "Paused");
        Api.Reply call = admin.post("/api/calls", "{\"number\":\"00420724123456\",\"outboundListId\":\"%s\"}"
                .formatted(list));
        assertThat(call.status()).as(call.toString()).isEqualTo(201);

        assertProblem(admin.delete("/api/outbound-lists/" + list), 409, "has calls");
        UUID otherProject = data.project("Other", null, null, true);
        assertProblem(admin.put("/api/outbound-lists/" + list, "{\"name\":\"Moved\",\"projectId\":\"%s\"}"
                .formatted(otherProject)), 409, "projectId");

        JsonNode after = admin.get("/api/outbound-lists/" + list).json();
        assertThat(after.get("projectId").asText()).isEqualTo(project.toString());
        assertThat(after.get("state").asText()).isEqualTo("Paused");
    }

    @Test
    void onlyAdministratorsWriteLists() {
        UUID list = data.list(project, "Paused");
        for (Api user : new Api[] {Api.as(port, "agent1", "agent1"), Api.as(port, "viewer", "viewer")}) {
            assertProblem(user.post("/api/outbound-lists", "{\"name\":\"Agent's list\",\"projectId\":\"%s\"}"
                    .formatted(project)), 403, "camunda-admin");
            assertProblem(user.put("/api/outbound-lists/" + list + "/state", "{\"state\":\"Running\"}"), 403, null);
            assertProblem(user.put("/api/outbound-lists/" + list, "{\"name\":\"x\",\"projectId\":\"%s\"}"
                    .formatted(project)), 403, null);
            assertProblem(user.delete("/api/outbound-lists/" + list), 403, null);
        }
        assertThat(admin.get("/api/outbound-lists/" + list).json().get("state").asText()).isEqualTo("Paused");
        assertThat(jdbc.sql("select count(*) from outbound_list where project_id = :project")
                .param("project", project).query(Long.class).single()).isEqualTo(1);
    }
}
