package io.outboundcalls.agent;

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
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** /api/agents over HTTP: the agent row and the engine user they log in with are written and removed together. */
@RunningEngineTest
class AgentAdminIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IdentityService identity;

    TestData data;
    Api admin;
    UUID project;
    String workplace;
    String language;
    final List<String> createdAgents = new ArrayList<>();

    @BeforeEach
    void setUp() {
        data = new TestData(jdbc);
        admin = Api.as(port, "admin", "admin");
        project = data.project("Agents", null, null, true);
        workplace = admin.post("/api/workplaces", "{\"name\":\"Seat\",\"extension\":\"ext-%s\"}".formatted(suffix()))
                .json().get("id").asText();
        language = admin.post("/api/languages", "{\"name\":\"Agents language\",\"code\":\"a-%s\"}".formatted(suffix()))
                .json().get("id").asText();
    }

    @AfterEach
    void removeWhatThisTestCreated() {
        for (String id : createdAgents) {
            admin.delete("/api/agents/" + id);
        }
        admin.delete("/api/workplaces/" + workplace);
        admin.delete("/api/languages/" + language);
    }

    @Test
    void newAgentStartsOfflineAndLogsInWithTheirPassword() {
        String login = login();
        Api.Reply created = admin.post("/api/agents", """
                {"name":"Mary Ann Smith","login":"%s","password":"s3cret-%s","allowWrite":true,"workplaceId":"%s",
                 "projectIds":["%s"],"languageIds":["%s"]}
                """.formatted(login, login, workplace, project, language));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode agent = created.json();
        String id = remember(agent.get("id").asText());
        assertThat(created.location()).endsWith("/api/agents/" + id);
        assertThat(agent.get("name").asText()).isEqualTo("Mary Ann Smith");
        assertThat(agent.get("login").asText()).isEqualTo(login);
        assertThat(agent.get("allowWrite").asBoolean()).isTrue();
        assertThat(agent.get("workplaceId").asText()).isEqualTo(workplace);
        assertThat(agent.get("statusId").asText()).isEqualTo(firstOfflineStatus().toString());
        assertThat(texts(agent.get("projectIds"))).containsExactly(project.toString());
        assertThat(texts(agent.get("languageIds"))).containsExactly(language);
        assertThat(created.body()).doesNotContain("password").doesNotContain("s3cret");

        Api.Reply self = Api.as(port, login, "s3cret-" + login).get("/api/agent");
        assertThat(self.status()).as(self.toString()).isEqualTo(200);
        assertThat(self.json().get("agentId").asText()).isEqualTo(id);
        assertThat(self.json().get("activityType").asText()).isEqualTo("Offline");
        assertThat(identity.createUserQuery().userId(login).memberOfGroup("agents").singleResult().getLastName())
                .isEqualTo("Smith");

        Api.Reply read = Api.as(port, "agent1", "agent1").get("/api/agents/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(agent);
        Api.Reply listed = Api.as(port, "viewer", "viewer").get("/api/agents");
        assertThat(listed.json().findValuesAsText("login")).contains(login, "agent1");
        assertThat(listed.body()).doesNotContain("password");
    }

    @Test
    void updateReplacesSkillsAndLanguagesAndChangesThePasswordOnlyWhenGiven() {
        String login = login();
        String id = remember(create(login, "first-" + login));

        Api.Reply updated = admin.put("/api/agents/" + id, """
                {"name":"Renamed Agent","allowWrite":false,"projectIds":[],"languageIds":["%s"]}
                """.formatted(language));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("name").asText()).isEqualTo("Renamed Agent");
        assertThat(updated.json().get("allowWrite").asBoolean()).isFalse();
        assertThat(updated.json().get("workplaceId").isNull()).isTrue();
        assertThat(texts(updated.json().get("projectIds"))).isEmpty();
        assertThat(texts(updated.json().get("languageIds"))).containsExactly(language);
        assertThat(Api.as(port, login, "first-" + login).get("/api/agent").status()).as("password kept").isEqualTo(200);

        assertThat(admin.put("/api/agents/" + id, """
                {"name":"Renamed Agent","password":"second-%s","projectIds":["%s"]}
                """.formatted(login, project)).status()).isEqualTo(200);
        assertThat(Api.as(port, login, "second-" + login).get("/api/agent").status()).isEqualTo(200);
        // the engine delays a user's logins after a wrong password, so this check comes last
        assertThat(Api.as(port, login, "first-" + login).get("/api/agent").status()).isEqualTo(401);
        assertThat(texts(admin.get("/api/agents/" + id).json().get("projectIds"))).containsExactly(project.toString());

        assertProblem(admin.put("/api/agents/" + id, "{\"name\":\"x\",\"login\":\"other\"}"), 400, "login");
    }

    @Test
    void deletedAgentCanNoLongerLogIn() {
        String login = login();
        String id = create(login, "pw-" + login);

        assertThat(admin.delete("/api/agents/" + id).status()).isEqualTo(204);

        assertProblem(admin.get("/api/agents/" + id), 404, null);
        assertThat(identity.createUserQuery().userId(login).count()).isZero();
        assertThat(Api.as(port, login, "pw-" + login).get("/api/agent").status()).isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from agent_project_skill where agent_id = :id").param("id", UUID.fromString(id))
                .query(Long.class).single()).as("skills go with the agent").isZero();
    }

    @Test
    void agentWithCallsIsNotDeleted() {
        String login = login();
        String id = remember(create(login, "pw-" + login));
        UUID pausedList = data.list(project, "Paused");
        assertThat(admin.post("/api/calls", "{\"number\":\"00420724123456\",\"outboundListId\":\"%s\",\"agentId\":\"%s\"}"
                .formatted(pausedList, id)).status()).isEqualTo(201);

        assertProblem(admin.delete("/api/agents/" + id), 409, "has calls");

        assertThat(admin.get("/api/agents/" + id).status()).isEqualTo(200);
        assertThat(Api.as(port, login, "pw-" + login).get("/api/agent").status()).isEqualTo(200);
    }

    @Test
    void takenLoginIsAConflict() {
        // agent1 is an agent; admin is only an engine user
        for (String login : List.of("agent1", "admin")) {
            long agents = countAgents();
            assertProblem(admin.post("/api/agents", "{\"name\":\"Copy\",\"login\":\"%s\",\"password\":\"pw\"}"
                    .formatted(login)), 409, "login");
            assertThat(countAgents()).isEqualTo(agents);
        }
        assertThat(Api.as(port, "agent1", "agent1").get("/api/agent").status()).as("password unchanged").isEqualTo(200);
    }

    static Stream<Arguments> badAgents() {
        String projects = ",\"projectIds\":[\"%3$s\"]";
        return Stream.of(
                Arguments.of("missing login", "{\"name\":\"A\",\"password\":\"pw\"}", "login"),
                Arguments.of("login the engine refuses", "{\"name\":\"A\",\"login\":\"%1$s-x\",\"password\":\"pw\"}",
                        "login"),
                Arguments.of("missing name", "{\"login\":\"%1$s\",\"password\":\"pw\"}", "name"),
                Arguments.of("missing password", "{\"name\":\"A\",\"login\":\"%1$s\"}", "password"),
                Arguments.of("unknown workplace", "{\"name\":\"A\",\"login\":\"%1$s\",\"password\":\"pw\",\"workplaceId\":\""
                        + UUID.randomUUID() + "\"}", "workplaceId"),
                Arguments.of("unknown project", "{\"name\":\"A\",\"login\":\"%1$s\",\"password\":\"pw\",\"projectIds\":[\""
                        + UUID.randomUUID() + "\"]}", "projectIds"),
                Arguments.of("unknown language", "{\"name\":\"A\",\"login\":\"%1$s\",\"password\":\"pw\"" + projects
                        + ",\"languageIds\":[\"%2$s\",\"" + UUID.randomUUID() + "\"]}", "languageIds"),
                Arguments.of("not a list of ids", "{\"name\":\"A\",\"login\":\"%1$s\",\"password\":\"pw\","
                        + "\"projectIds\":\"all\"}", "projectIds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAgents")
    void badAgentIsAProblemThatNamesTheFieldAndWritesNeitherAgentNorUser(String label, String body, String field) {
        String login = login();
        long agents = countAgents();

        assertProblem(admin.post("/api/agents", body.formatted(login, language, project)), 400, field);

        assertThat(countAgents()).isEqualTo(agents);
        assertThat(identity.createUserQuery().userId(login).count()).isZero();
        assertThat(identity.createUserQuery().userId(login + "-x").count()).isZero();
    }

    @Test
    void onlyAdministratorsWriteAgents() {
        String login = login();
        String id = remember(create(login, "pw-" + login));
        for (Api user : new Api[] {Api.as(port, "agent1", "agent1"), Api.as(port, "viewer", "viewer")}) {
            assertProblem(user.post("/api/agents", "{\"name\":\"A\",\"login\":\"%s\",\"password\":\"pw\"}"
                    .formatted(login())), 403, "camunda-admin");
            assertProblem(user.put("/api/agents/" + id, "{\"name\":\"Promoted\",\"allowWrite\":true}"), 403, null);
            assertProblem(user.delete("/api/agents/" + id), 403, null);
        }
        JsonNode agent = admin.get("/api/agents/" + id).json();
        assertThat(agent.get("name").asText()).isEqualTo("Test Agent");
        assertThat(agent.get("allowWrite").asBoolean()).isFalse();
    }

    private String create(String login, String password) {
        Api.Reply reply = admin.post("/api/agents", "{\"name\":\"Test Agent\",\"login\":\"%s\",\"password\":\"%s\"}"
                .formatted(login, password));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().get("id").asText();
    }

    private String remember(String agentId) {
        createdAgents.add(agentId);
        return agentId;
    }

    private UUID firstOfflineStatus() {
        return jdbc.sql("select id from agent_status where activity_type = 'Offline' order by name, id fetch first 1 rows only")
                .query(UUID.class).single();
    }

    private long countAgents() {
        return jdbc.sql("select count(*) from agent").query(Long.class).single();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static String login() {
        return "test" + suffix();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
