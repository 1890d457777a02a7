package io.outboundcalls.call;

import static io.outboundcalls.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The seed's "Outbound call type Visitor": a record of a customer at the counter (CallType Visitor, CallPhase
 * AgentTalk, CallResult Prepared, the agent's workplace), ended by the agent, then a result whose call result
 * details are limited by call type and the Visitor channel.
 */
@RunningEngineTest
class VisitorIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;

    IntakeFixtures fixtures;
    Api admin;
    UUID project;
    UUID agent;
    Api asAgent;
    final List<String> details = new ArrayList<>();

    @BeforeEach
    void aCounterProjectWithAResultBar() {
        fixtures = new IntakeFixtures(jdbc, identity, port);
        admin = Api.as(port, "admin", "admin");
        project = fixtures.project("Counter", false, true, 120);
        agent = fixtures.agent(project);
        asAgent = fixtures.as(agent);
    }

    @AfterEach
    void detailsAreDeletedAndTheAgentGoesOffline() {
        details.forEach(id -> admin.delete("/api/call-result-details/" + id));
        fixtures.close();
    }

    String detail(String name, String generalResult, int channels, String callTypes) {
        Api.Reply reply = admin.post("/api/call-result-details", """
                {"name":"%s","generalResult":"%s","channels":%d,"callTypes":%s,"projectIds":["%s"]}
                """.formatted(name + " " + project, generalResult, channels, callTypes, project));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        String id = reply.json().get("id").asText();
        details.add(id);
        return id;
    }

    @Test
    void aVisitIsRecordedEndedAndGivenAResultOfferedForVisitors() {
        String forVisitors = detail("Advised at the counter", "Success", 1024, "[\"Visitor\"]");
        String outboundOnly = detail("Reached by phone", "Success", 512, "[]");
        String visitorChannelProjectType = detail("Counter, project calls only", "Success", 1024, "[\"Project\"]");
        UUID contact = fixtures.contact("Walk-in customer");

        Api.Reply created = asAgent.post("/api/calls/visitor", """
                {"projectId":"%s","contactId":"%s","note":"came about the invoice"}
                """.formatted(project, contact));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.location()).isEqualTo("/api/calls/" + created.json().get("id").asText());
        JsonNode call = created.json();
        UUID callId = UUID.fromString(call.get("id").asText());
        assertThat(call.get("callType").asText()).isEqualTo("Visitor");
        assertThat(call.get("callPhase").asText()).isEqualTo("AgentTalk");
        assertThat(call.get("callResult").asText()).isEqualTo("Prepared");
        assertThat(call.get("workplaceId").asText()).isEqualTo(fixtures.workplaceOf(agent).toString());
        assertThat(call.get("agentId").asText()).isEqualTo(agent.toString());
        assertThat(call.get("origin").asText()).isEqualTo("Visitor");
        assertThat(call.get("number").isNull()).as("a visitor need not give a number").isTrue();
        assertThat(call.get("note").asText()).isEqualTo("came about the invoice");
        assertThat(call.get("contactId").asText()).isEqualTo(contact.toString());
        assertThat(call.get("processInstanceId").asText()).isNotBlank();
        JsonNode me = asAgent.get("/api/agent").json();
        assertThat(me.get("lineState").asText()).as("no call is offered during a visit").isEqualTo("Busy");
        assertThat(me.get("offeredCallId").asText()).isEqualTo(callId.toString());

        // the drop-down "is governed by limit by call type": the Visitor channel and the Visitor call type
        List<String> offered = asAgent.get("/api/agent/call-result-details?callId=" + callId).json()
                .findValuesAsText("id");
        assertThat(offered).contains(forVisitors).doesNotContain(outboundOnly, visitorChannelProjectType);

        Api.Reply ended = asAgent.post("/api/calls/" + callId + "/hang-up", "");
        assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
        JsonNode task = Await.until("the result task of the visit", Duration.ofSeconds(10),
                () -> taskOf(callId), t -> t != null);
        assertThat(fixtures.phase(callId)).isEqualTo("Result");

        assertProblem(asAgent.post("/api/agent/tasks/" + task.get("taskId").asText() + "/result",
                "{\"callResultDetailId\":\"" + outboundOnly + "\"}"), 400, "callResultDetailId");
        Api.Reply result = asAgent.post("/api/agent/tasks/" + task.get("taskId").asText() + "/result",
                "{\"callResultDetailId\":\"" + forVisitors + "\"}");
        assertThat(result.status()).as(result.toString()).isEqualTo(200);

        fixtures.awaitPhase(callId, "Finished", Duration.ofSeconds(10));
        assertThat(fixtures.result(callId)).isEqualTo("Success");
        assertThat(fixtures.row(callId).get("call_result_detail_id")).isEqualTo(UUID.fromString(forVisitors));
        assertThat(asAgent.get("/api/agent").json().get("lineState").asText()).isEqualTo("Free");
    }

    @Test
    void aVisitCanBeRecordedWithNothingKnownYet() {
        Api.Reply created = asAgent.send("POST", "/api/calls/visitor", null, null);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("projectId").isNull()).isTrue();
        assertThat(created.json().get("callPhase").asText()).isEqualTo("AgentTalk");
        // without a project there is no result bar: the visit ends without a result
        UUID callId = UUID.fromString(created.json().get("id").asText());
        assertThat(asAgent.post("/api/calls/" + callId + "/hang-up", "").status()).isEqualTo(200);
        fixtures.awaitPhase(callId, "Finished", Duration.ofSeconds(10));
        assertThat(fixtures.result(callId)).isEqualTo("NoResult");
    }

    @Test
    void aVisitorsNumberIsNormalizedAndTheCaseResolvedAsInTheEditor() {
        UUID contact = fixtures.contact("Visitor with a case");
        UUID issue = fixtures.issue(project, null, contact);

        Api.Reply created = asAgent.post("/api/calls/visitor", """
                {"number":"724 123 456","issueKey":"%s"}
                """.formatted(fixtures.issueKey(issue)));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("number").asText()).isEqualTo("+420724123456");
        assertThat(created.json().get("issueId").asText()).isEqualTo(issue.toString());
        assertThat(created.json().get("contactId").asText()).isEqualTo(contact.toString());
        assertThat(created.json().get("projectId").asText()).isEqualTo(project.toString());
        asAgent.post("/api/calls/" + created.json().get("id").asText() + "/hang-up", "");
    }

    @Test
    void onlyTheVisitsAgentEndsItAndOnlyOnce() {
        UUID callId = UUID.fromString(asAgent.post("/api/calls/visitor", "{}").json().get("id").asText());
        UUID other = fixtures.agent(project);

        assertProblem(fixtures.as(other).post("/api/calls/" + callId + "/hang-up", ""), 403, "agent");
        assertThat(asAgent.post("/api/calls/" + callId + "/hang-up", "").status()).isEqualTo(200);
        assertProblem(asAgent.post("/api/calls/" + callId + "/hang-up", ""), 409, "AgentTalk");
        assertProblem(asAgent.post("/api/calls/" + UUID.randomUUID() + "/hang-up", ""), 404, "call");
    }

    @Test
    void theLinePassesToASecondVisitWhenTheFirstEndsAndComesFreeOnlyAfterBoth() {
        UUID first = UUID.fromString(asAgent.post("/api/calls/visitor", "{}").json().get("id").asText());
        Api.Reply second = asAgent.post("/api/calls/visitor", "{}");
        assertThat(second.status()).as("private calls can be made at any time: " + second).isEqualTo(201);
        UUID secondId = UUID.fromString(second.json().get("id").asText());
        assertThat(asAgent.get("/api/agent").json().get("offeredCallId").asText()).isEqualTo(first.toString());

        assertThat(asAgent.post("/api/calls/" + first + "/hang-up", "").status()).isEqualTo(200);
        fixtures.awaitPhase(first, "Finished", Duration.ofSeconds(10));

        JsonNode me = asAgent.get("/api/agent").json();
        assertThat(me.get("lineState").asText()).as("the second visit goes on").isEqualTo("Busy");
        assertThat(me.get("offeredCallId").asText()).isEqualTo(secondId.toString());
        assertThat(asAgent.post("/api/calls/" + secondId + "/hang-up", "").status()).isEqualTo(200);
        fixtures.awaitPhase(secondId, "Finished", Duration.ofSeconds(10));
        me = asAgent.get("/api/agent").json();
        assertThat(me.get("lineState").asText()).isEqualTo("Free");
        assertThat(me.get("offeredCallId").isNull()).isTrue();
    }

    @Test
    void aUserWhoIsNoAgentRecordsNoVisit() {
        long before = fixtures.countCalls();

        assertProblem(admin.post("/api/calls/visitor", "{}"), 403, "agent");
        assertThat(fixtures.countCalls()).isEqualTo(before);
    }

    private JsonNode taskOf(UUID callId) {
        for (JsonNode task : asAgent.get("/api/agent/tasks").json()) {
            if (task.get("callId").asText().equals(callId.toString())) {
                return task;
            }
        }
        return null;
    }
}
