package io.outboundcalls.call;

import static io.outboundcalls.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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
 * Callbacks (POST /api/callbacks): a LostShift callback is Neglected once LostShiftWindow has passed without an
 * agent, an Ivr callback is offered at its requested time, and a project with manual scheduling keeps them in Manual.
 */
@RunningEngineTest
class CallbackIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;

    IntakeFixtures fixtures;
    Api agent1;
    UUID project;
    UUID pausedList;

    @BeforeEach
    void aPausedListOfAProjectOfItsOwn() {
        fixtures = new IntakeFixtures(jdbc, identity, port);
        agent1 = Api.as(port, "agent1", "agent1");
        project = fixtures.project("Callbacks");
        pausedList = fixtures.list(project, "Paused");
    }

    @AfterEach
    void theDefaultWindowIsBack() {
        fixtures.setConfig("LostShiftWindow", "PT4H");
        fixtures.clearConfigCache();
        fixtures.close();
    }

    @Test
    void aLostShiftCallbackIsNeglectedWhenTheWindowPassesWithoutAnAgent() {
        fixtures.setConfig("LostShiftWindow", "PT2S");
        fixtures.clearConfigCache();

        Api.Reply reply = agent1.post("/api/callbacks", """
                {"number":"00420724123456","outboundListId":"%s","source":"LostShift"}
                """.formatted(pausedList));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        JsonNode call = reply.json();
        UUID callId = UUID.fromString(call.get("id").asText());
        assertThat(call.get("callType").asText()).isEqualTo("Callback");
        assertThat(call.get("origin").asText()).isEqualTo("LostShift");
        assertThat(call.get("callPhase").asText()).isEqualTo("Enqueue");
        assertThat(call.get("callResult").asText()).isEqualTo("Scheduled");
        Await.until("the lost-shift window to expire", Duration.ofSeconds(20), () -> fixtures.result(callId),
                "Neglected"::equals);
        assertThat(fixtures.phase(callId)).isEqualTo("Finished");
    }

    @Test
    void theWindowInForceIsTheOneAfterTheLastCacheClear() {
        fixtures.setConfig("LostShiftWindow", "PT2S");
        // not cleared yet: the callback still gets the window in the cache (PT4H)
        Api.Reply reply = agent1.post("/api/callbacks", """
                {"number":"00420724123456","outboundListId":"%s","source":"lostshift"}
                """.formatted(pausedList));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        UUID callId = UUID.fromString(reply.json().get("id").asText());
        OffsetDateTime created = OffsetDateTime.parse(reply.json().get("createdAt").asText());

        OffsetDateTime deadline = lostShiftTimer(callId);
        assertThat(deadline).as("the cached PT4H, not the stored PT2S")
                .isBetween(created.plusHours(4).minusMinutes(1), created.plusHours(4).plusMinutes(1));
        assertThat(fixtures.result(callId)).isEqualTo("Scheduled");
    }

    /** The due date of the timer that neglects the waiting callback, as the engine's job table holds it. */
    private OffsetDateTime lostShiftTimer(UUID callId) {
        String instance = jdbc.sql("select process_instance_id from outbound_call where id = :id").param("id", callId)
                .query(String.class).single();
        Api admin = Api.as(port, "admin", "admin");
        JsonNode timers = Await.until("the lost-shift timer", Duration.ofSeconds(10), () -> admin.get(
                        "/engine-rest/job?timers=true&processInstanceId=" + instance + "&firstResult=0&maxResults=10")
                .json(), jobs -> jobs.size() == 1);
        return OffsetDateTime.parse(timers.get(0).get("dueDate").asText(),
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ"));
    }

    @Test
    void aRequestedTimeAfterTheLostShiftWindowIsRefused() {
        long before = fixtures.countCalls();

        assertProblem(agent1.post("/api/callbacks", """
                {"number":"00420724123456","outboundListId":"%s","source":"LostShift","requestedTime":"%s"}
                """.formatted(pausedList, OffsetDateTime.now().plusHours(5))), 400, "requestedTime");
        assertThat(fixtures.countCalls()).isEqualTo(before);
    }

    @Test
    void anIvrCallbackIsScheduledAtTheRequestedTime() {
        OffsetDateTime requested = OffsetDateTime.now().plusDays(1).truncatedTo(ChronoUnit.SECONDS);
        // no agent has this project's skill, so its Running list offers nothing
        UUID runningList = fixtures.list(project, "Running");

        Api.Reply reply = agent1.post("/api/callbacks", """
                {"number":"00420724123456","projectId":"%s","source":"Ivr","requestedTime":"%s"}
                """.formatted(project, requested));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.location()).isEqualTo("/api/calls/" + reply.json().get("id").asText());
        assertThat(reply.json().get("origin").asText()).isEqualTo("Ivr");
        assertThat(reply.json().get("callType").asText()).isEqualTo("Callback");
        assertThat(OffsetDateTime.parse(reply.json().get("scheduleTime").asText()).toInstant())
                .isEqualTo(requested.toInstant());
        assertThat(reply.json().get("outboundListId").asText()).as("the project's oldest Running list")
                .isEqualTo(runningList.toString());
    }

    @Test
    void anIvrCallbackWithoutARequestedTimeIsDueNow() {
        OffsetDateTime before = OffsetDateTime.now().minusSeconds(1);

        Api.Reply reply = agent1.post("/api/callbacks", """
                {"number":"00420724123456","outboundListId":"%s","source":"Ivr"}
                """.formatted(pausedList));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(OffsetDateTime.parse(reply.json().get("scheduleTime").asText())).isAfter(before);
    }

    @Test
    void anIvrCallbackIsOfferedOnlyOnceItsRequestedTimeHasCome() {
        UUID runningProject = fixtures.project("Ivr callbacks");
        UUID runningList = fixtures.list(runningProject, "Running");
        UUID agent = fixtures.agent(runningProject);
        fixtures.setStatus(agent, "Ready");
        OffsetDateTime requested = OffsetDateTime.now().plusSeconds(4);

        Api.Reply reply = agent1.post("/api/callbacks", """
                {"number":"00420724123456","outboundListId":"%s","source":"Ivr","requestedTime":"%s"}
                """.formatted(runningList, requested));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        UUID callId = UUID.fromString(reply.json().get("id").asText());

        assertThat(offers(callId)).isEmpty();
        UUID offeredTo = Await.until("an offer of the callback", Duration.ofSeconds(20), () -> offers(callId),
                offers -> !offers.isEmpty()).get(0);
        OffsetDateTime offeredAt = jdbc.sql("select offered_at from call_offer where call_id = :id")
                .param("id", callId).query(OffsetDateTime.class).single();
        assertThat(offeredTo).isEqualTo(agent);
        assertThat(offeredAt.toInstant()).isAfterOrEqualTo(requested.toInstant());
        fixtures.awaitPhase(callId, "Finished", Duration.ofSeconds(20));
    }

    @Test
    void aProjectWithManualSchedulingKeepsCallbacksInManual() {
        UUID manual = fixtures.project("Manual callbacks", true, false, null);
        UUID list = fixtures.list(manual, "Paused");

        Api.Reply reply = agent1.post("/api/callbacks", """
                {"number":"00420724123456","outboundListId":"%s","source":"Ivr"}
                """.formatted(list));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.json().get("callPhase").asText()).isEqualTo("Manual");
    }

    @Test
    void theCallbacksLanguageAndContactAreKept() {
        UUID language = fixtures.language("Callback language");
        UUID contact = fixtures.contact("Caller");

        Api.Reply reply = agent1.post("/api/callbacks", """
                {"number":"00420724123456","outboundListId":"%s","source":"Ivr","languageId":"%s","contactId":"%s"}
                """.formatted(pausedList, language, contact));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.json().get("languageId").asText()).isEqualTo(language.toString());
        assertThat(reply.json().get("contactId").asText()).isEqualTo(contact.toString());
    }

    private List<UUID> offers(UUID callId) {
        return jdbc.sql("select agent_id from call_offer where call_id = :id").param("id", callId)
                .query(UUID.class).list();
    }
}
