package io.outboundcalls.result;

import static io.outboundcalls.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import io.outboundcalls.support.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** /api/call-result-details over HTTP: the register with its channel bits and limits; DELETE only hides a detail. */
@RunningEngineTest
class CallResultDetailAdminIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api admin;
    UUID project;
    final List<String> created = new ArrayList<>();

    @BeforeEach
    void setUp() {
        admin = Api.as(port, "admin", "admin");
        project = new TestData(jdbc).project("Details", null, null, true);
    }

    @AfterEach
    void hideWhatThisTestCreated() {
        // other tests read the details offered to agents; none of these may stay offered
        created.forEach(id -> admin.delete("/api/call-result-details/" + id));
    }

    @Test
    void detailIsCreatedReadUpdatedAndSoftDeleted() {
        String name = "Changed number " + UUID.randomUUID();
        Api.Reply reply = admin.post("/api/call-result-details", """
                {"name":"%s","generalResult":"Failed","channels":1537,"callTypes":["Project","callback"],
                 "projectIds":["%s"]}
                """.formatted(name, project));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        JsonNode detail = reply.json();
        String id = remember(detail.get("id").asText());
        assertThat(reply.location()).endsWith("/api/call-result-details/" + id);
        assertThat(detail.get("generalResult").asText()).isEqualTo("Failed");
        assertThat(detail.get("channels").asInt()).isEqualTo(1537);
        assertThat(texts(detail.get("callTypes"))).containsExactlyInAnyOrder("Project", "Callback");
        assertThat(texts(detail.get("projectIds"))).containsExactly(project.toString());
        assertThat(detail.get("deleted").asBoolean()).isFalse();
        assertThat(detail.get("rescheduleAfterSeconds").isNull()).isTrue();
        assertThat(Api.as(port, "agent1", "agent1").get("/api/call-result-details/" + id).json()).isEqualTo(detail);
        assertThat(offeredToAgents()).contains(name);

        Api.Reply updated = admin.put("/api/call-result-details/" + id, """
                {"name":"%s","generalResult":"Rescheduled","channels":512,"rescheduleAfterSeconds":900}
                """.formatted(name));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        JsonNode after = updated.json();
        assertThat(after.get("generalResult").asText()).isEqualTo("Rescheduled");
        assertThat(after.get("channels").asInt()).isEqualTo(512);
        assertThat(texts(after.get("callTypes"))).as("empty = every call type").isEmpty();
        assertThat(texts(after.get("projectIds"))).as("empty = every project").isEmpty();
        assertThat(after.get("rescheduleAfterSeconds").asInt()).isEqualTo(900);

        assertThat(admin.delete("/api/call-result-details/" + id).status()).isEqualTo(204);
        JsonNode deleted = admin.get("/api/call-result-details/" + id).json();
        assertThat(deleted.get("deleted").asBoolean()).isTrue();
        assertThat(deleted.get("name").asText()).isEqualTo(name);
        JsonNode register = admin.get("/api/call-result-details").json();
        assertThat(register.findValuesAsText("id")).as("the register shows deleted details").contains(id);
        assertThat(offeredToAgents()).doesNotContain(name);
    }

    @Test
    void channelsDefaultToInbound() {
        Api.Reply reply = admin.post("/api/call-result-details", "{\"name\":\"Inbound only %s\",\"generalResult\":\"Busy\"}"
                .formatted(UUID.randomUUID()));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        remember(reply.json().get("id").asText());
        assertThat(reply.json().get("channels").asInt()).isEqualTo(1);
    }

    static Stream<Arguments> badDetails() {
        return Stream.of(
                Arguments.of("missing name", "{\"generalResult\":\"Success\"}", "name"),
                Arguments.of("missing general result", "{\"name\":\"%s\"}", "generalResult"),
                Arguments.of("unknown general result", "{\"name\":\"%s\",\"generalResult\":\"Great\"}", "generalResult"),
                Arguments.of("no channel", "{\"name\":\"%s\",\"generalResult\":\"Success\",\"channels\":0}", "channels"),
                Arguments.of("negative channels", "{\"name\":\"%s\",\"generalResult\":\"Success\",\"channels\":-1}",
                        "channels"),
                Arguments.of("unknown channel bit", "{\"name\":\"%s\",\"generalResult\":\"Success\",\"channels\":2560}",
                        "channels"),
                Arguments.of("unknown call type", "{\"name\":\"%s\",\"generalResult\":\"Success\",\"callTypes\":[\"Fax\"]}",
                        "callTypes"),
                Arguments.of("unknown project", "{\"name\":\"%s\",\"generalResult\":\"Success\",\"projectIds\":[\""
                        + UUID.randomUUID() + "\"]}", "projectIds"),
                Arguments.of("zero reschedule delay", "{\"name\":\"%s\",\"generalResult\":\"Rescheduled\","
                        + "\"rescheduleAfterSeconds\":0}", "rescheduleAfterSeconds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDetails")
    void badDetailIsAProblemThatNamesTheFieldAndWritesNothing(String label, String body, String field) {
        String name = "Bad detail " + UUID.randomUUID();
        long before = jdbc.sql("select count(*) from call_result_detail").query(Long.class).single();

        assertProblem(admin.post("/api/call-result-details", body.formatted(name)), 400, field);

        assertThat(jdbc.sql("select count(*) from call_result_detail").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void badUpdateLeavesTheDetailAsItWas() {
        String id = remember(admin.post("/api/call-result-details", """
                {"name":"Kept %s","generalResult":"NoAnswer","callTypes":["Project"],"projectIds":["%s"]}
                """.formatted(UUID.randomUUID(), project)).json().get("id").asText());
        JsonNode before = admin.get("/api/call-result-details/" + id).json();

        assertProblem(admin.put("/api/call-result-details/" + id, """
                {"name":"Changed","generalResult":"NoAnswer","callTypes":["Visitor"],"projectIds":["%s"]}
                """.formatted(UUID.randomUUID())), 400, "projectIds");

        assertThat(admin.get("/api/call-result-details/" + id).json()).isEqualTo(before);
    }

    @Test
    void onlyAdministratorsWriteDetails() {
        String id = remember(admin.post("/api/call-result-details", "{\"name\":\"Guarded %s\",\"generalResult\":\"Busy\"}"
                .formatted(UUID.randomUUID())).json().get("id").asText());
        for (Api user : new Api[] {Api.as(port, "agent1", "agent1"), Api.as(port, "viewer", "viewer")}) {
            assertProblem(user.post("/api/call-result-details", "{\"name\":\"Mine\",\"generalResult\":\"Busy\"}"), 403,
                    "camunda-admin");
            assertProblem(user.put("/api/call-result-details/" + id, "{\"name\":\"Mine\",\"generalResult\":\"Busy\"}"),
                    403, null);
            assertProblem(user.delete("/api/call-result-details/" + id), 403, null);
        }
        JsonNode detail = admin.get("/api/call-result-details/" + id).json();
        assertThat(detail.get("name").asText()).startsWith("Guarded");
        assertThat(detail.get("deleted").asBoolean()).isFalse();
    }

    @Test
    void unknownDetailIsNotFound() {
        UUID id = UUID.randomUUID();
        assertProblem(admin.get("/api/call-result-details/" + id), 404, null);
        assertProblem(admin.delete("/api/call-result-details/" + id), 404, null);
    }

    /** What an agent is offered for a project call on the outbound channel. */
    private List<String> offeredToAgents() {
        return Api.as(port, "agent1", "agent1").get("/api/agent/call-result-details?callType=Project&channel=Outbound")
                .json().findValuesAsText("name");
    }

    private String remember(String id) {
        created.add(id);
        return id;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
