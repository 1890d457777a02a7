package io.outboundcalls.call;

import static io.outboundcalls.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The seed's "Opening the editor using a URL": OutCallEditor.html is served, GET /api/calls/draft applies the
 * resolution rules one by one, and saving the draft with POST /api/calls makes the call that posting the same
 * parameters directly makes. Every list here is Paused or the project's agents are Offline: nothing is dialed.
 */
@RunningEngineTest
class CallDraftIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;

    IntakeFixtures fixtures;
    Api agent1;
    UUID project;
    UUID runningList;
    UUID language;
    UUID contact;
    UUID issue;

    @BeforeEach
    void aCaseWithItsProjectLanguageAndContact() {
        fixtures = new IntakeFixtures(jdbc, identity, port);
        agent1 = Api.as(port, "agent1", "agent1");
        // no agent has this project's skill, so a Running list of it is safe
        project = fixtures.project("Draft");
        runningList = fixtures.list(project, "Running");
        language = fixtures.language("Draft language");
        contact = fixtures.contact("Jana Nová");
        issue = fixtures.issue(project, language, contact);
    }

    @AfterEach
    void close() {
        fixtures.close();
    }

    JsonNode draft(String query) {
        Api.Reply reply = agent1.get("/api/calls/draft?" + query);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    @Test
    void theEditorPageIsServedWithoutCredentials() {
        Api.Reply page = Api.anonymous(port).get("/OutCallEditor.html?Number=00420724123456&IssueId=" + issue);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<form id=\"editor\"").contains("/api/calls/draft").contains("/api/calls/visitor");
    }

    @Test
    void theApiAsksTheBrowserForCredentials() {
        HttpResponse<String> response = IntakeFixtures.raw(HttpRequest.newBuilder(
                fixtures.uri("/api/calls/draft?Number=00420724123456")).GET().build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value ->
                assertThat(value).startsWith("Basic"));
    }

    @Test
    void theNumberIsRequiredAndNormalized() {
        assertProblem(agent1.get("/api/calls/draft?ProjectId=" + project), 400, "Number");
        assertProblem(agent1.get("/api/calls/draft?Number=abc&ProjectId=" + project), 400, "Number");

        // the seed writes "Number = 0042..." with blanks around the name and the value
        JsonNode draft = draft("Number%20=%2000420724123456&ProjectId=" + project);
        assertThat(draft.get("number").asText()).isEqualTo("+420724123456");
    }

    @Test
    void parameterNamesAreCaseInsensitive() {
        JsonNode draft = draft("number=00420724123456&projectid=" + project + "&CALLKEY=k1");

        assertThat(draft.get("projectId").asText()).isEqualTo(project.toString());
        assertThat(draft.get("callKey").asText()).isEqualTo("k1");
    }

    @Test
    void theDraftHasTheFieldsOfPostApiCallsAtTheTopLevel() {
        JsonNode draft = draft("Number=00420724123456&ProjectId=" + project);

        assertThat(draft.fieldNames()).toIterable().contains("number", "predist", "agentId", "callKey", "issueId",
                "issueKey", "projectId", "outboundListId", "languageId", "contactId", "contactKey", "phoneNumberId",
                "messageId", "chatId", "scheduleTime", "timeFrom", "timeTo", "priority", "callType");
        assertThat(draft.get("callType").asText()).isEqualTo("Project");
        assertThat(draft.get("priority").asInt()).as("the project's default").isEqualTo(5);
        assertThat(draft.get("projectName").asText()).startsWith("Draft");
    }

    @Test
    void issueIdFillsProjectLanguageAndContactFromTheCase() {
        JsonNode draft = draft("Number=00420724123456&IssueId=" + issue);

        assertThat(draft.get("issueId").asText()).isEqualTo(issue.toString());
        assertThat(draft.get("issueKey").asText()).isEqualTo(fixtures.issueKey(issue));
        assertThat(draft.get("projectId").asText()).isEqualTo(project.toString());
        assertThat(draft.get("outboundListId").asText()).isEqualTo(runningList.toString());
        assertThat(draft.get("languageId").asText()).isEqualTo(language.toString());
        assertThat(draft.get("contactId").asText()).isEqualTo(contact.toString());
        assertThat(draft.get("contactName").asText()).isEqualTo("Jana Nová");
        assertThat(draft.get("languageName").asText()).isEqualTo("Draft language");
    }

    @Test
    void theSecondParameterGroupOverwritesTheCase() {
        UUID otherProject = fixtures.project("Draft other");
        UUID otherList = fixtures.list(otherProject, "Paused");
        UUID otherLanguage = fixtures.language("Other language");
        UUID otherContact = fixtures.contact("Petr Svoboda");

        JsonNode draft = draft("Number=00420724123456&IssueId=" + issue + "&OutboundListId=" + otherList
                + "&LanguageId=" + otherLanguage + "&ContactId=" + otherContact);

        assertThat(draft.get("issueId").asText()).isEqualTo(issue.toString());
        assertThat(draft.get("outboundListId").asText()).isEqualTo(otherList.toString());
        assertThat(draft.get("projectId").asText()).as("the list's project").isEqualTo(otherProject.toString());
        assertThat(draft.get("languageId").asText()).isEqualTo(otherLanguage.toString());
        assertThat(draft.get("contactId").asText()).isEqualTo(otherContact.toString());

        UUID thirdProject = fixtures.project("Draft third");
        UUID thirdList = fixtures.list(thirdProject, "Running");
        JsonNode byProject = draft("Number=00420724123456&IssueId=" + issue + "&ProjectId=" + thirdProject);
        assertThat(byProject.get("projectId").asText()).isEqualTo(thirdProject.toString());
        assertThat(byProject.get("outboundListId").asText()).isEqualTo(thirdList.toString());
        assertThat(byProject.get("languageId").asText()).as("still the case's").isEqualTo(language.toString());
    }

    @Test
    void issueKeyIsUsedOnlyWhenIssueIdIsAbsent() {
        UUID otherIssue = fixtures.issue(project, null, fixtures.contact("Other"));

        JsonNode byKey = draft("Number=00420724123456&IssueKey=" + fixtures.issueKey(issue));
        assertThat(byKey.get("issueId").asText()).isEqualTo(issue.toString());
        assertThat(byKey.get("contactId").asText()).isEqualTo(contact.toString());

        JsonNode both = draft("Number=00420724123456&IssueId=" + otherIssue + "&IssueKey=" + fixtures.issueKey(issue));
        assertThat(both.get("issueId").asText()).as("IssueId is preferred").isEqualTo(otherIssue.toString());
    }

    @Test
    void contactKeyIsUsedOnlyWhenContactIdIsAbsent() {
        UUID other = fixtures.contact("Other contact");

        JsonNode byKey = draft("Number=00420724123456&ProjectId=" + project + "&ContactKey=" + fixtures.contactKey(other));
        assertThat(byKey.get("contactId").asText()).isEqualTo(other.toString());
        assertThat(byKey.get("contactKey").asText()).isEqualTo(fixtures.contactKey(other));

        JsonNode both = draft("Number=00420724123456&ProjectId=" + project + "&ContactId=" + contact
                + "&ContactKey=" + fixtures.contactKey(other));
        assertThat(both.get("contactId").asText()).as("ContactId is preferred").isEqualTo(contact.toString());

        JsonNode keyOverCase = draft("Number=00420724123456&IssueId=" + issue + "&ContactKey="
                + fixtures.contactKey(other));
        assertThat(keyOverCase.get("contactId").asText()).as("the second group overwrites the case")
                .isEqualTo(other.toString());
    }

    @Test
    void messageIdAndChatIdFillTheCaseAndTheContact() {
        UUID sender = fixtures.contact("Sender");
        UUID message = fixtures.message(issue, sender);
        UUID chatter = fixtures.contact("Chatter");
        UUID chat = fixtures.chat(issue, chatter);

        JsonNode fromMessage = draft("Number=00420724123456&MessageId=" + message);
        assertThat(fromMessage.get("messageId").asText()).isEqualTo(message.toString());
        assertThat(fromMessage.get("issueId").asText()).isEqualTo(issue.toString());
        assertThat(fromMessage.get("contactId").asText()).isEqualTo(sender.toString());
        assertThat(fromMessage.get("projectId").asText()).as("through the case").isEqualTo(project.toString());

        JsonNode fromChat = draft("Number=00420724123456&ChatId=" + chat);
        assertThat(fromChat.get("chatId").asText()).isEqualTo(chat.toString());
        assertThat(fromChat.get("issueId").asText()).isEqualTo(issue.toString());
        assertThat(fromChat.get("contactId").asText()).isEqualTo(chatter.toString());
    }

    @Test
    void withoutAListTheProjectsOldestRunningListIsTaken() {
        UUID projectOfLists = fixtures.project("Draft lists");
        fixtures.list(projectOfLists, "Paused");
        UUID oldestRunning = fixtures.list(projectOfLists, "Running");
        fixtures.list(projectOfLists, "Running");

        JsonNode draft = draft("Number=00420724123456&ProjectId=" + projectOfLists);

        assertThat(draft.get("outboundListId").asText()).isEqualTo(oldestRunning.toString());
    }

    @Test
    void eitherProjectOrListIsRequiredDirectlyOrFromTheCase() {
        assertProblem(agent1.get("/api/calls/draft?Number=00420724123456"), 400, "OutboundListId");
        UUID caseWithoutProject = fixtures.issue(null, null, contact);
        assertProblem(agent1.get("/api/calls/draft?Number=00420724123456&IssueId=" + caseWithoutProject), 400,
                "OutboundListId");
        UUID noRunningList = fixtures.project("Draft paused only");
        fixtures.list(noRunningList, "Paused");
        assertProblem(agent1.get("/api/calls/draft?Number=00420724123456&ProjectId=" + noRunningList), 400,
                "ProjectId");
    }

    @Test
    void predistWithAgentIdPredistributesToThatAgent() {
        UUID agent2 = fixtures.agentId("agent2");

        JsonNode withAgent = draft("Number=00420724123456&ProjectId=" + project + "&Predist=1&AgentId=" + agent2);
        assertThat(withAgent.get("predist").asBoolean()).isTrue();
        assertThat(withAgent.get("agentId").asText()).isEqualTo(agent2.toString());
        assertThat(withAgent.get("agentName").asText()).isEqualTo("Agent Two");

        JsonNode self = draft("Number=00420724123456&ProjectId=" + project + "&Predist");
        assertThat(self.get("predist").asBoolean()).isTrue();
        assertThat(self.get("agentId").asText()).as("the authenticated agent")
                .isEqualTo(fixtures.agentId("agent1").toString());

        JsonNode none = draft("Number=00420724123456&ProjectId=" + project);
        assertThat(none.get("predist").asBoolean()).isFalse();
        assertThat(none.get("agentId").isNull()).isTrue();
    }

    @Test
    void callTypeVisitorOpensTheVisitorFormWithoutANumber() {
        JsonNode draft = draft("CallType=Visitor&IssueId=" + issue);

        assertThat(draft.get("callType").asText()).isEqualTo("Visitor");
        assertThat(draft.get("number").isNull()).isTrue();
        assertThat(draft.get("contactId").asText()).isEqualTo(contact.toString());
    }

    @Test
    void savingTheDraftMakesTheCallThatPostingTheParametersDirectlyMakes() {
        UUID pausedList = fixtures.list(project, "Paused");
        UUID sender = fixtures.contact("Sender");
        UUID message = fixtures.message(issue, sender);
        UUID phone = fixtures.phoneNumber(sender, "+420724123456");
        // predistributed to the saving agent: another agent would need a supervisor (ActingForOtherAgentsIT)
        UUID saver = fixtures.agentId("agent1");
        String query = "Number=00420724123456&MessageId=" + message + "&OutboundListId=" + pausedList
                + "&PhoneNumberId=" + phone + "&Predist=true&AgentId=" + saver + "&CallKey=draft-save";

        // the editor page: the draft's fields, posted as they are
        ObjectNode saved = (ObjectNode) draft(query);
        for (String shown : List.of("callType", "projectName", "outboundListName", "languageName", "contactName",
                "agentName")) {
            saved.remove(shown);
        }
        Api.Reply fromEditor = agent1.post("/api/calls?origin=Editor", saved.toString());
        assertThat(fromEditor.status()).as(fromEditor.toString()).isEqualTo(201);

        Api.Reply direct = agent1.post("/api/calls", """
                {"number":"00420724123456","messageId":"%s","outboundListId":"%s","phoneNumberId":"%s",
                 "predist":true,"agentId":"%s","callKey":"direct-save"}
                """.formatted(message, pausedList, phone, saver));
        assertThat(direct.status()).as(direct.toString()).isEqualTo(201);

        JsonNode a = fromEditor.json();
        JsonNode b = direct.json();
        for (String field : List.of("number", "outboundListId", "projectId", "languageId", "contactId", "issueId",
                "phoneNumberId", "messageId", "agentId", "predistributed", "priority", "callType", "callPhase")) {
            assertThat(a.get(field)).as(field).isEqualTo(b.get(field));
        }
        // a CallKey is unique in its list, so the two calls carry two keys
        assertThat(a.get("callKey").asText()).isEqualTo("draft-save");
        assertThat(b.get("callKey").asText()).isEqualTo("direct-save");
        assertThat(a.get("contactId").asText()).isEqualTo(sender.toString());
        assertThat(a.get("issueId").asText()).isEqualTo(issue.toString());
        assertThat(a.get("origin").asText()).isEqualTo("Editor");
        assertThat(b.get("origin").asText()).isEqualTo("Api");
    }

    @Test
    void postApiCallsResolvesKeysLikeTheEditor() {
        UUID pausedList = fixtures.list(project, "Paused");

        Api.Reply reply = agent1.post("/api/calls", """
                {"number":"00420724123456","issueKey":"%s","outboundListId":"%s"}
                """.formatted(fixtures.issueKey(issue), pausedList));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.json().get("issueId").asText()).isEqualTo(issue.toString());
        assertThat(reply.json().get("contactId").asText()).isEqualTo(contact.toString());
        assertThat(reply.json().get("languageId").asText()).isEqualTo(language.toString());
    }

    @Test
    void theDraftWritesNothingAndAnyoneMayReadIt() {
        long before = fixtures.countCalls();

        Api.Reply reply = Api.as(port, "viewer", "viewer").get("/api/calls/draft?Number=00420724123456&IssueId="
                + issue);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(fixtures.countCalls()).isEqualTo(before);
    }
}
