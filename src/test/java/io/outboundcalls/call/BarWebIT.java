package io.outboundcalls.call;

import static io.outboundcalls.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The seed's "Creating a call using URL" (GET|POST /api/bar/web?Cmd=PrivateCall&..) and the call bar
 * (POST /api/bar/call), with "Registering private calls": a private call is logged only when the parameter of its
 * path is true, and a changed parameter applies once the cache is cleared.
 */
@RunningEngineTest
class BarWebIT {

    static final String FORM = "application/x-www-form-urlencoded";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;

    IntakeFixtures fixtures;
    UUID project;
    UUID pausedList;
    UUID agent;
    Api asAgent;

    @BeforeEach
    void ownAgentAndAPausedList() {
        fixtures = new IntakeFixtures(jdbc, identity, port);
        project = fixtures.project("Bar web");
        // a Paused list keeps the project calls in the queue, away from every agent
        pausedList = fixtures.list(project, "Paused");
        agent = fixtures.agent(project);
        asAgent = fixtures.as(agent);
    }

    @AfterEach
    void privateCallsAreNotLoggedAgain() {
        fixtures.setConfig("PrivateCallsOnWebAction", "false");
        fixtures.setConfig("PrivateCallsOnBarAction", "false");
        fixtures.clearConfigCache();
        fixtures.close();
    }

    @Test
    void theSeedsExampleUrlDialsAPrivateCallThatIsNotLoggedByDefault() {
        long before = fixtures.countCalls();

        // the seed: api/bar/web?Cmd=PrivateCall&Par= 00420724123456&Seq=1&CallKey=12345678 (the space encoded)
        Api.Reply reply = asAgent.get("/api/bar/web?Cmd=PrivateCall&Par=%2000420724123456&Seq=1&CallKey=12345678");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("seq").asText()).isEqualTo("1");
        assertThat(reply.json().get("callId").isNull()).isTrue();
        assertThat(reply.json().get("callType").asText()).isEqualTo("Private");
        assertThat(reply.json().get("number").asText()).isEqualTo("+420724123456");
        assertThat(fixtures.countCalls()).isEqualTo(before);
        assertThat(fixtures.countCallsWithKey("12345678")).isZero();
    }

    @Test
    void aPlusInTheQueryIsTheSeedsSpaceToo() {
        Api.Reply reply = asAgent.get("/api/bar/web?Cmd=PrivateCall&Par=+00420724123456&Seq=1&CallKey=12345678");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("number").asText()).isEqualTo("+420724123456");
    }

    @Test
    void anUnloggedPrivateCallStillGoesToThePbx() {
        // the simulated PBX refuses numbers ending in 0488: the refusal proves the engine asked it to dial
        Api.Reply reply = asAgent.get("/api/bar/web?Cmd=PrivateCall&Par=00420724120488");

        assertProblem(reply, 502, "PBX");
    }

    @Test
    void parameterNamesAndTheCommandAreCaseInsensitive() {
        fixtures.setConfig("PrivateCallsOnWebAction", "true");
        fixtures.clearConfigCache();

        Api.Reply reply = asAgent.get("/api/bar/web?cmd=privatecall&PAR=00420724123457&seq=abc&callkey=ci-"
                + agent.toString().substring(0, 8) + "&PROJECTID=" + project);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("seq").asText()).isEqualTo("abc");
        Map<String, Object> row = fixtures.row(UUID.fromString(reply.json().get("callId").asText()));
        assertThat(row.get("call_key")).isEqualTo("ci-" + agent.toString().substring(0, 8));
        assertThat(row.get("project_id")).isEqualTo(project);
    }

    @Test
    void postTakesTheParametersAsAFormBody() {
        fixtures.setConfig("PrivateCallsOnWebAction", "true");
        fixtures.clearConfigCache();
        String callKey = "form-" + agent.toString().substring(0, 8);

        Api.Reply reply = asAgent.send("POST", "/api/bar/web?Seq=7", FORM,
                "Cmd=PrivateCall&Par=%2000420724123458&CallKey=" + callKey);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("seq").asText()).isEqualTo("7");
        assertThat(reply.json().get("number").asText()).isEqualTo("+420724123458");
        assertThat(fixtures.countCallsWithKey(callKey)).isEqualTo(1);
    }

    @Test
    void privateCallsOnWebActionAppliesOnlyAfterTheCacheIsCleared() {
        String before = "before-" + agent.toString().substring(0, 8);
        String after = "after-" + agent.toString().substring(0, 8);
        fixtures.clearConfigCache();

        fixtures.setConfig("PrivateCallsOnWebAction", "true");
        Api.Reply notYet = asAgent.get("/api/bar/web?Cmd=PrivateCall&Par=00420724123459&CallKey=" + before);
        assertThat(notYet.status()).as(notYet.toString()).isEqualTo(200);
        assertThat(notYet.json().get("callId").isNull()).as("the cache still holds false").isTrue();
        assertThat(fixtures.countCallsWithKey(before)).isZero();

        fixtures.clearConfigCache();
        Api.Reply logged = asAgent.get("/api/bar/web?Cmd=PrivateCall&Par=00420724123459&CallKey=" + after);
        assertThat(logged.status()).as(logged.toString()).isEqualTo(200);
        assertThat(fixtures.countCallsWithKey(after)).isEqualTo(1);
        assertThat(logged.json().get("callId").asText()).isNotBlank();
    }

    @Test
    void aLoggedPrivateCallIsDialedAtOnceFromTheAgentsExtension() {
        fixtures.setConfig("PrivateCallsOnWebAction", "true");
        fixtures.clearConfigCache();

        Api.Reply reply = asAgent.get("/api/bar/web?Cmd=PrivateCall&Par=00420724123460&Seq=2");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        UUID callId = UUID.fromString(reply.json().get("callId").asText());
        JsonNode call = asAgent.get("/api/calls/" + callId).json();
        assertThat(call.get("callType").asText()).isEqualTo("Private");
        assertThat(call.get("origin").asText()).isEqualTo("Web");
        assertThat(call.get("agentId").asText()).isEqualTo(agent.toString());
        assertThat(call.get("workplaceId").asText()).isEqualTo(fixtures.workplaceOf(agent).toString());
        assertThat(call.get("outboundListId").isNull()).isTrue();
        assertThat(call.get("processInstanceId").asText()).isNotBlank();
        // the simulator answers and hangs up; a private call has no result bar, so it ends without a result
        fixtures.awaitPhase(callId, "Finished", Duration.ofSeconds(20));
        Map<String, Object> row = fixtures.row(callId);
        assertThat(row.get("answered_at")).isNotNull();
        assertThat(row.get("attempt")).isEqualTo(1);
        assertThat(asAgent.get("/api/agent").json().get("lineState").asText()).isEqualTo("Free");
    }

    @Test
    void theAgentIdParameterMakesASupervisorsCallForAnotherAgent() {
        fixtures.setConfig("PrivateCallsOnWebAction", "true");
        fixtures.clearConfigCache();
        UUID other = fixtures.agent(project);

        Api.Reply reply = fixtures.as(fixtures.supervisor(project)).get("/api/bar/web?Cmd=PrivateCall&Par=00420724123461&AgentId=" + other);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(fixtures.row(UUID.fromString(reply.json().get("callId").asText())).get("agent_id"))
                .isEqualTo(other);
    }

    @Test
    void outboundListIdIsTheSeedsOtherNameForTheList() {
        Api.Reply reply = asAgent.get("/api/bar/web?Cmd=PrivateCall&OutboundListId=" + pausedList
                + "&Par=00420724123463");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("callType").asText()).isEqualTo("Project");
    }

    @Test
    void theCallBarLogsPrivateCallsByItsOwnParameter() {
        String web = "onweb-" + agent.toString().substring(0, 8);
        String bar = "onbar-" + agent.toString().substring(0, 8);
        // logging web calls does not log the call bar's
        fixtures.setConfig("PrivateCallsOnWebAction", "true");
        fixtures.clearConfigCache();
        Api.Reply unlogged = asAgent.post("/api/bar/call", "{\"number\":\"00420724123464\",\"callKey\":\"" + web
                + "\"}");
        assertThat(unlogged.status()).as(unlogged.toString()).isEqualTo(200);
        assertThat(unlogged.json().get("callId").isNull()).isTrue();
        assertThat(fixtures.countCallsWithKey(web)).isZero();

        fixtures.setConfig("PrivateCallsOnBarAction", "true");
        fixtures.clearConfigCache();
        Api.Reply logged = asAgent.post("/api/bar/call", "{\"number\":\"00420724123465\",\"callKey\":\"" + bar
                + "\"}");
        assertThat(logged.status()).as(logged.toString()).isEqualTo(200);
        UUID callId = UUID.fromString(logged.json().get("callId").asText());
        assertThat(fixtures.row(callId).get("origin")).isEqualTo("Bar");
        assertThat(fixtures.row(callId).get("call_type")).isEqualTo("Private");
        fixtures.awaitPhase(callId, "Finished", Duration.ofSeconds(20));
    }

    @Test
    void theCallBarWithAListMakesAPredistributedProjectCall() {
        Api.Reply reply = asAgent.post("/api/bar/call", "{\"number\":\"00420724123466\",\"outboundListId\":\""
                + pausedList + "\"}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        Map<String, Object> row = fixtures.row(UUID.fromString(reply.json().get("callId").asText()));
        assertThat(row.get("call_type")).isEqualTo("Project");
        assertThat(row.get("origin")).isEqualTo("Bar");
        assertThat(row.get("predistributed")).isEqualTo(true);
        assertThat(row.get("agent_id")).isEqualTo(agent);
    }

    @Test
    void anUnknownCommandIsABadRequest() {
        long before = fixtures.countCalls();

        assertProblem(asAgent.get("/api/bar/web?Cmd=Transfer&Par=00420724123456"), 400, "Cmd");
        assertThat(fixtures.countCalls()).isEqualTo(before);
    }

    @Test
    void aCallKeyOfMoreThan48CharactersIsABadRequest() {
        fixtures.setConfig("PrivateCallsOnWebAction", "true");
        fixtures.clearConfigCache();
        long before = fixtures.countCalls();

        assertProblem(asAgent.get("/api/bar/web?Cmd=PrivateCall&Par=00420724123456&CallKey=" + "k".repeat(49)),
                400, "CallKey");
        assertThat(asAgent.get("/api/bar/web?Cmd=PrivateCall&Par=00420724123456&CallKey=" + "k".repeat(48))
                .status()).isEqualTo(200);
        assertThat(fixtures.countCalls()).isEqualTo(before + 1);
    }
}
