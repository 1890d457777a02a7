package io.outboundcalls.call;

import static org.assertj.core.api.Assertions.assertThat;

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

/** POST /api/calls over HTTP: good calls are written with their process, bad input is a problem and writes nothing. */
@RunningEngineTest
class CallIntakeIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestData data;
    UUID pausedList;

    @BeforeEach
    void pausedListKeepsTheseCallsAwayFromAgents() {
        data = new TestData(jdbc);
        pausedList = data.list(data.project("Intake", 30, 120, true), "Paused");
    }

    @Test
    void projectCallIsWrittenWithNormalizedNumberAndWaitsInEnqueue() {
        Api.Reply reply = Api.as(port, "agent1", "agent1").post("/api/calls", """
                {"number":"+420 724 123 456","outboundListId":"%s","callKey":"crm-42","priority":7}
                """.formatted(pausedList));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        String callId = reply.json().get("id").asText();
        Api.Reply read = Api.as(port, "viewer", "viewer").get("/api/calls/" + callId);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("number").asText()).isEqualTo("+420724123456");
        assertThat(read.json().get("callPhase").asText()).isEqualTo("Enqueue");
        assertThat(read.json().get("callResult").asText()).isEqualTo("Scheduled");
        assertThat(read.json().get("callKey").asText()).isEqualTo("crm-42");
        assertThat(read.json().get("priority").asInt()).isEqualTo(7);
        assertThat(read.json().get("origin").asText()).isEqualTo("Api");
        assertThat(read.json().get("processInstanceId").asText()).isNotBlank();
        assertThat(read.json().has("timeFrom")).as("absent values are null, not omitted").isTrue();

        Api.Reply listed = Api.as(port, "agent1", "agent1").get("/api/calls?callKey=crm-42&outboundListId=" + pausedList);
        assertThat(listed.json().get("totalElements").asLong()).isEqualTo(1);
        assertThat(listed.json().get("content").get(0).get("id").asText()).isEqualTo(callId);
        // API.md's template with every parameter left empty: an empty value is no filter, for callKey as for the rest
        Api.Reply template = Api.as(port, "agent1", "agent1").get("/api/calls?phase=&result=&outboundListId="
                + pausedList + "&agentId=&callKey=&page=&size=");
        assertThat(template.status()).as(template.toString()).isEqualTo(200);
        assertThat(template.json().get("totalElements").asLong()).isEqualTo(1);
    }

    @Test
    void projectIdAloneChoosesTheProjectsOldestRunningList() {
        UUID project = data.project("Project only", null, null, true);
        UUID paused = data.list(project, "Paused");
        UUID oldestRunning = data.list(project, "Running");
        data.list(project, "Running");

        Api.Reply reply = Api.as(port, "agent1", "agent1").post("/api/calls",
                "{\"number\":\"00420724123456\",\"projectId\":\"%s\"}".formatted(project));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.json().get("outboundListId").asText()).isEqualTo(oldestRunning.toString())
                .isNotEqualTo(paused.toString());
        assertThat(reply.json().get("projectId").asText()).isEqualTo(project.toString());
    }

    static Stream<Arguments> badCalls() {
        String list = "\"outboundListId\":\"%s\"";
        return Stream.of(
                Arguments.of("bad number", "{\"number\":\"not a number\"," + list + "}", 400, "number"),
                Arguments.of("too short number", "{\"number\":\"12\"," + list + "}", 400, "number"),
                Arguments.of("missing number", "{" + list + "}", 400, "number"),
                Arguments.of("missing list and project", "{\"number\":\"00420724123456\"}", 400, "outboundListId"),
                Arguments.of("unknown list", "{\"number\":\"00420724123456\",\"outboundListId\":\""
                        + UUID.randomUUID() + "\"}", 400, "outboundListId"),
                Arguments.of("malformed list id", "{\"number\":\"00420724123456\",\"outboundListId\":\"12\"}", 400,
                        "outboundListId"),
                Arguments.of("unknown project", "{\"number\":\"00420724123456\",\"projectId\":\""
                        + UUID.randomUUID() + "\"}", 400, "projectId"),
                Arguments.of("49-character call key", "{\"number\":\"00420724123456\",\"callKey\":\"" + "k".repeat(49)
                        + "\"," + list + "}", 400, "callKey"),
                Arguments.of("priority not a number", "{\"number\":\"00420724123456\",\"priority\":\"high\"," + list
                        + "}", 400, "priority"),
                Arguments.of("bad schedule time", "{\"number\":\"00420724123456\",\"scheduleTime\":\"tomorrow\","
                        + list + "}", 400, "scheduleTime"),
                Arguments.of("window ends before it starts", "{\"number\":\"00420724123456\","
                        + "\"timeFrom\":\"2030-01-02T10:00:00+01:00\",\"timeTo\":\"2030-01-01T10:00:00+01:00\","
                        + list + "}", 400, "timeTo"),
                Arguments.of("unknown agent", "{\"number\":\"00420724123456\",\"agentId\":\"" + UUID.randomUUID()
                        + "\"," + list + "}", 400, "agentId"),
                Arguments.of("unknown language", "{\"number\":\"00420724123456\",\"languageId\":\"" + UUID.randomUUID()
                        + "\"," + list + "}", 400, "languageId"),
                Arguments.of("injection in the number", "{\"number\":\"1'; drop table outbound_call; --\"," + list
                        + "}", 400, "number"),
                Arguments.of("truncated JSON", "{\"number\":", 400, null),
                Arguments.of("JSON array", "[1,2]", 400, null),
                Arguments.of("empty body", "", 400, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void badInputIsAProblemThatNamesTheFieldAndWritesNothing(String name, String body, int status, String field) {
        long before = data.countCalls();

        Api.Reply reply = Api.as(port, "agent1", "agent1").post("/api/calls", body.formatted(pausedList));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("detail").asText()).isNotBlank();
        if (field != null) {
            assertThat(reply.json().get("detail").asText()).contains(field);
        }
        assertThat(data.countCalls()).isEqualTo(before);
    }

    @Test
    void userWithoutAllowWriteCannotCreateACall() {
        long before = data.countCalls();

        Api.Reply reply = Api.as(port, "viewer", "viewer").post("/api/calls",
                "{\"number\":\"00420724123456\",\"outboundListId\":\"%s\"}".formatted(pausedList));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("detail").asText()).contains("AllowWrite");
        assertThat(data.countCalls()).isEqualTo(before);
    }

    @Test
    void requestsWithoutValidCredentialsAreRejected() {
        assertThat(Api.anonymous(port).get("/api/calls").status()).isEqualTo(401);
        // Not a demo user: the engine locks a user out for a while after a wrong password.
        Api.Reply wrong = Api.as(port, "intruder", "wrong").get("/api/calls");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(Api.anonymous(port).get("/engine-rest/engine").status()).isEqualTo(401);
    }

    @Test
    void unknownCallIsNotFound() {
        Api.Reply reply = Api.as(port, "agent1", "agent1").get("/api/calls/" + UUID.randomUUID());
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void pageSizeIsLimited() {
        Api.Reply reply = Api.as(port, "agent1", "agent1").get("/api/calls?size=1001");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("detail").asText()).contains("size");
    }
}
