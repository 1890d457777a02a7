package io.outboundcalls.pbx.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.EngineNode;
import io.outboundcalls.support.ScratchDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The Asterisk adapter against {@link FakeAsterisk}, an AMI server on loopback: two engine nodes (JVMs of their own,
 * one database), each with its own AMI session to the one fake. The first node starts while Asterisk is unreachable.
 * The test plays the phones; the engine is all real.
 */
class AsteriskPbxIT {

    static final String CALLER_ID = "+420222333444";
    static final String SUCCESS = "00000000-0000-4000-8000-000000001001";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final AtomicInteger SEATS = new AtomicInteger();

    static ScratchDatabase database;
    static FakeAsterisk asterisk;
    static EngineNode node1;
    static EngineNode node2;
    static Api.Reply healthWhileUnreachable;
    static JdbcClient sql;

    /** A test that takes Asterisk away brings it back, also when it fails. */
    @AfterEach
    void asteriskIsBack() throws Exception {
        asterisk.comeBack();
        awaitPbx(node1, "UP");
        awaitPbx(node2, "UP");
    }

    @BeforeAll
    static void twoNodesOnOneAsterisk() throws Exception {
        database = ScratchDatabase.create("asterisk");
        asterisk = FakeAsterisk.notListening(FakeAsterisk.freePort());
        List<String> properties = new ArrayList<>(database.nodeProperties());
        properties.addAll(List.of("--outbound.pbx.adapter=asterisk",
                "--outbound.pbx.asterisk.host=127.0.0.1",
                "--outbound.pbx.asterisk.port=" + asterisk.port(),
                "--outbound.pbx.asterisk.username=" + FakeAsterisk.USER,
                "--outbound.pbx.asterisk.secret=" + FakeAsterisk.SECRET,
                "--outbound.pbx.asterisk.reconnect-first=200ms",
                "--outbound.pbx.asterisk.reconnect-longest=1s",
                // one retry, 5 s after the first try: a dial gives up within seconds
                "--outbound.pbx.send-retries=1",
                "--outbound.distribution.interval=200ms",
                "--logging.level.org.camunda.bpm.engine.jobexecutor=WARN"));
        node1 = EngineNode.startAnswering("asterisk-node-1", properties);
        healthWhileUnreachable = Api.anonymous(node1.port()).get("/actuator/health");
        asterisk.listen();
        awaitPbx(node1, "UP");
        node2 = EngineNode.start("asterisk-node-2", properties);
        awaitPbx(node2, "UP");
        sql = JdbcClient.create(database.dataSource());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {node2, node1, asterisk, database}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                System.err.println("cleanup failed: " + e);
            }
        }
    }

    @Test
    void appStartsWhileAsteriskIsUnreachableWithThePbxDownAndLogsInOnceItListens() {
        assertThat(healthWhileUnreachable.status()).as(healthWhileUnreachable.toString()).isEqualTo(503);
        JsonNode components = healthWhileUnreachable.json().get("components");
        assertThat(components.get("pbx").get("status").asText()).isEqualTo("DOWN");
        assertThat(components.get("db").get("status").asText()).isEqualTo("UP");
        assertThat(Api.anonymous(node1.port()).get("/actuator/health/liveness").status()).isEqualTo(200);

        assertThat(pbxStatus(node1)).isEqualTo("UP");
        assertThat(asterisk.loginCount()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void answeredCallRunsEndToEndAndTheOriginateCarriesCallerIdContextAndReference() {
        Seat seat = seat("answered", CALLER_ID);
        String callId = seat.call("+420601000001");

        FakeAsterisk.Action originate = awaitOriginate(callId);
        String reference = FakeAsterisk.referenceOf(originate);
        assertThat(reference).isEqualTo(callId + ":1");
        assertThat(originate.get("Channel")).isEqualTo("PJSIP/" + seat.extension);
        assertThat(originate.get("Context")).isEqualTo("outbound-calls");
        assertThat(originate.get("Exten")).isEqualTo("+420601000001");
        assertThat(originate.get("Priority")).isEqualTo("1");
        assertThat(originate.get("CallerID")).isEqualTo(CALLER_ID);
        assertThat(originate.get("ActionID")).endsWith(reference);
        assertThat(originate.get("Async")).isEqualToIgnoringCase("true");

        asterisk.agentAnswers(reference);
        asterisk.dialCustomer(reference);
        asterisk.customerAnswers(reference);
        awaitPhase(callId, "AgentTalk");
        asterisk.hangUp(reference, HangupCauses.NORMAL_CLEARING);

        // the project has no post-call pause and no result wait: the agent's task of the talk stays open after the
        // hang-up, which moves the call to Result
        JsonNode task = Await.until("the result task after the hang-up", WAIT,
                () -> seat.agent.get("/api/agent/tasks").json(),
                tasks -> tasks.size() > 0 && callId.equals(tasks.get(0).get("callId").asText())
                        && "Result".equals(tasks.get(0).get("call").get("callPhase").asText()))
                .get(0);
        assertThat(task.get("taskDefinitionKey").asText()).isEqualTo("enterCallResultDuringOrAfterTheCall");
        Api.Reply result = seat.agent.post("/api/agent/tasks/" + task.get("taskId").asText() + "/result",
                "{\"callResultDetailId\":\"" + SUCCESS + "\"}");
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        JsonNode call = awaitPhase(callId, "Finished");
        assertThat(call.get("callResult").asText()).isEqualTo("Success");
        assertThat(asterisk.originatesOf(callId)).hasSize(1);
        assertThat(count("select count(*) from pbx_dial where reference = '" + reference + "' and state = 'Ended'"))
                .isEqualTo(1);
    }

    /**
     * Asterisk takes an Originate and never answers it (the action times out after 5 s): the dial may have gone out,
     * so it is not sent again, which could ring the agent twice; reconciliation asks Asterisk, finds no line for it
     * and counts the attempt lost, and the call is dialed again as a new attempt.
     */
    @Test
    void originateThatAsteriskNeverAnswersIsNotSentAgainButReconciled() throws Exception {
        Seat seat = seat("stalled", CALLER_ID);
        String callId = seat.call("+420601000477");
        String first = FakeAsterisk.referenceOf(awaitOriginate(callId));
        long originated = System.nanoTime();

        // past the action's timeout (5 s) and the 5 s after which a dial out of reach is sent again
        Thread.sleep(Math.max(0, Duration.ofSeconds(12).toMillis() - (System.nanoTime() - originated) / 1_000_000));
        assertThat(asterisk.originates().stream().filter(a -> FakeAsterisk.referenceOf(a).equals(first)))
                .as("Originates of attempt 1").hasSize(1);
        Await.until("attempt 1 counted lost", WAIT, () -> sql.sql(
                "select outcome from call_offer where call_id = cast(:call as uuid) order by offered_at")
                .param("call", callId).query(String.class).list(), outcomes -> outcomes.contains("Lost"));
        assertThat(count("select send_tries from pbx_dial where reference = '" + first + "'")).isEqualTo(1);

        String pause = Api.idNamed(seat.admin.get("/api/agent-statuses").json(), "Pause");
        assertThat(seat.agent.put("/api/agent/status", "{\"statusId\":\"" + pause + "\"}").status()).isEqualTo(200);
    }

    @Test
    void originateWithoutACallerIdLeavesThePbxDefault() {
        Seat seat = seat("no caller id", null);
        String callId = seat.call("+420601000011");

        FakeAsterisk.Action originate = awaitOriginate(callId);

        assertThat(originate.get("CallerID")).isNull();
        hangUpAfterAnswer(FakeAsterisk.referenceOf(originate));
    }

    @Test
    void busyCustomerEndsTheAttemptBusy() {
        Seat seat = seat("busy", CALLER_ID);
        String callId = seat.call("+420601000021");
        String reference = FakeAsterisk.referenceOf(awaitOriginate(callId));

        asterisk.agentAnswers(reference);
        asterisk.dialCustomer(reference);
        asterisk.dialEnds(reference, "BUSY", HangupCauses.USER_BUSY);

        assertThat(awaitLastResult(callId, "Busy").get("callPhase").asText()).isEqualTo("Enqueue");
        assertAgentLineReleased(seat);
    }

    @Test
    void customerWhoDoesNotAnswerEndsTheAttemptNoAnswer() {
        Seat seat = seat("no answer", CALLER_ID);
        String callId = seat.call("+420601000031");
        String reference = FakeAsterisk.referenceOf(awaitOriginate(callId));

        asterisk.agentAnswers(reference);
        asterisk.dialCustomer(reference);
        asterisk.dialEnds(reference, "NOANSWER", HangupCauses.NO_ANSWER);

        assertThat(awaitLastResult(callId, "NoAnswer").get("callPhase").asText()).isEqualTo("Enqueue");
        assertAgentLineReleased(seat);
    }

    @Test
    void originateThatAsteriskRefusesEndsTheCallFailed() {
        Seat seat = seat("refused", CALLER_ID);
        String callId = seat.call("+420601000488");

        awaitOriginate(callId);

        JsonNode call = awaitPhase(callId, "Finished");
        assertThat(call.get("callResult").asText()).isEqualTo("Failed");
        assertAgentLineReleased(seat);
    }

    @Test
    void hangUpCausesOfTheCustomersLegMapToTheGeneralResults() {
        Seat seat = seat("causes", CALLER_ID);
        String busy = seat.call("+420601000041");
        String busyReference = FakeAsterisk.referenceOf(awaitOriginate(busy));
        asterisk.agentAnswers(busyReference);
        asterisk.dialCustomer(busyReference);
        // no DialEnd: the cause alone tells (17 user busy)
        asterisk.customerHangsUp(busyReference, HangupCauses.USER_BUSY);
        awaitLastResult(busy, "Busy");

        String unreachable = seat.call("+420601000042");
        String unreachableReference = FakeAsterisk.referenceOf(awaitOriginate(unreachable));
        asterisk.agentAnswers(unreachableReference);
        asterisk.dialCustomer(unreachableReference);
        asterisk.customerHangsUp(unreachableReference, 34); // no circuit available
        awaitLastResult(unreachable, "Failed");
    }

    @Test
    void agentWhoDoesNotPickUpGivesTheCallBackToTheQueue() {
        Seat seat = seat("agent rings out", CALLER_ID);
        String callId = seat.call("+420601000051");
        String reference = FakeAsterisk.referenceOf(awaitOriginate(callId));

        asterisk.agentDoesNotAnswer(reference);

        Await.until("the offer to end NoAnswer", WAIT,
                () -> sql.sql("select outcome from call_offer where call_id = cast(:call as uuid)")
                        .param("call", callId).query(String.class).list(),
                outcomes -> outcomes.contains("NoAnswer"));
        assertThat(count("select count(*) from pbx_event where reference = '" + reference
                + "' and event_type = 'AgentNoAnswer'")).isEqualTo(1);
    }

    @Test
    void theSameEventTwiceOnTwoSessionsIsStoredAndTakenOnce() {
        Seat seat = seat("twice", CALLER_ID);
        String callId = seat.call("+420601000061");
        String reference = FakeAsterisk.referenceOf(awaitOriginate(callId));
        assertThat(asterisk.loggedInSessions()).isEqualTo(2);

        asterisk.agentAnswers(reference);
        asterisk.dialCustomer(reference);
        asterisk.customerAnswers(reference);
        asterisk.repeatAnswer(reference);
        asterisk.repeatAnswer(reference);
        awaitPhase(callId, "AgentTalk");

        // Newstate Up and DialEnd ANSWER three times, each on both sessions: one row, taken once
        assertThat(count("select count(*) from pbx_event where reference = '" + reference
                + "' and event_type = 'CustomerAnswered'")).isEqualTo(1);
        assertThat(count("select count(*) from pbx_event where reference = '" + reference
                + "' and event_type = 'CustomerAnswered' and outcome = 'Moved'")).isEqualTo(1);
        assertThat(duplicates(node1) + duplicates(node2)).isGreaterThan(0);
        assertThat(asterisk.originatesOf(callId)).hasSize(1);
        hangUpAfterAnswer(reference);
    }

    @Test
    void callsOfBothNodesAreOriginatedOnceAndEveryEventIsStoredOnce() {
        Seat seat1 = seat("node one", CALLER_ID);
        Seat seat2 = seat("node two", CALLER_ID, node2);
        String call1 = seat1.call("+420601000071");
        String call2 = seat2.call("+420601000072");
        String reference1 = FakeAsterisk.referenceOf(awaitOriginate(call1));
        String reference2 = FakeAsterisk.referenceOf(awaitOriginate(call2));

        for (String reference : List.of(reference1, reference2)) {
            asterisk.agentAnswers(reference);
            asterisk.dialCustomer(reference);
            asterisk.customerAnswers(reference);
        }
        awaitPhase(call1, "AgentTalk");
        awaitPhase(call2, "AgentTalk");
        asterisk.hangUp(reference1, HangupCauses.NORMAL_CLEARING);
        asterisk.hangUp(reference2, HangupCauses.NORMAL_CLEARING);
        awaitPhase(call1, "Result");
        awaitPhase(call2, "Result");

        assertThat(asterisk.originatesOf(call1)).hasSize(1);
        assertThat(asterisk.originatesOf(call2)).hasSize(1);
        assertThat(count("""
                select count(*) from (select reference, event_type from pbx_event
                where reference in ('%s', '%s') group by reference, event_type having count(*) > 1) twice
                """.formatted(reference1, reference2))).isZero();
        assertThat(count("select count(*) from pbx_event where reference in ('" + reference1 + "', '" + reference2
                + "') and event_type = 'HungUp'")).isEqualTo(2);
    }

    @Test
    void lostSessionIsLoggedInAgainAndAnAnswerOfTheGapIsNotLost() throws Exception {
        Seat seat = seat("reconnect", CALLER_ID);
        String callId = seat.call("+420601000081");
        String reference = FakeAsterisk.referenceOf(awaitOriginate(callId));
        asterisk.agentAnswers(reference);
        asterisk.dialCustomer(reference);
        long loginsBefore = asterisk.loginCount();

        asterisk.goAway();
        awaitPbx(node1, "DOWN");
        awaitPbx(node2, "DOWN");
        asterisk.customerAnswersUnheard(reference);
        asterisk.comeBack();

        awaitPbx(node1, "UP");
        awaitPbx(node2, "UP");
        assertThat(asterisk.loginCount()).isGreaterThanOrEqualTo(loginsBefore + 2);
        awaitPhase(callId, "AgentTalk");
        asterisk.hangUp(reference, HangupCauses.NORMAL_CLEARING);
        awaitPhase(callId, "Result");
    }

    @Test
    void dialThatNeverReachesAsteriskRaisesAnIncidentReleasesTheAgentAndIsDialedAgainOnceAsteriskIsBack()
            throws Exception {
        Seat seat = seat("unreachable", CALLER_ID);
        asterisk.goAway();
        awaitPbx(node1, "DOWN");
        awaitPbx(node2, "DOWN");
        String callId = seat.call("+420601000101");
        Api admin = seat.admin;

        // the incident lives while the call waits in its queue; history keeps it for Cockpit after that
        JsonNode incidents = Await.until("an incident on the call's instance", WAIT,
                () -> admin.get("/engine-rest/history/incident?incidentType=pbxUnreachable&processInstanceId="
                        + processInstanceOf(callId) + "&maxResults=10").json(),
                found -> found.size() > 0);
        JsonNode incident = incidents.get(0);
        assertThat(incident.get("configuration").asText()).isEqualTo(callId + ":1");
        assertThat(incident.get("incidentMessage").asText()).contains("out of reach");
        assertThat(count("select count(*) from pbx_dial where reference = '" + callId + ":1' and state = 'Failed'"))
                .isEqualTo(1);
        Await.until("the offer to end Lost", WAIT,
                () -> sql.sql("select outcome from call_offer where call_id = cast(:call as uuid)")
                        .param("call", callId).query(String.class).list(),
                outcomes -> outcomes.contains("Lost"));

        asterisk.comeBack();
        FakeAsterisk.Action again = awaitOriginate(callId);
        assertThat(FakeAsterisk.referenceOf(again)).isNotEqualTo(callId + ":1");
        hangUpAfterAnswer(FakeAsterisk.referenceOf(again));
        assertThat(admin.get("/engine-rest/incident?processInstanceId=" + processInstanceOf(callId)
                + "&maxResults=10").json()).isEmpty();
        assertThat(seat.agent.get("/api/agent/tasks").json().get(0).get("callId").asText()).isEqualTo(callId);
    }

    @Test
    void agentWhosePhoneIsBusyWithAnInboundCallIsNotOfferedOneUntilItIsIdle() {
        Seat seat = seat("inbound", CALLER_ID);
        asterisk.phoneState(seat.extension, 1);
        Await.until("the agent's line busy", WAIT, () -> seat.agent.get("/api/agent").json(),
                agent -> "Busy".equals(agent.get("lineState").asText()));

        String callId = seat.call("+420601000091");
        JsonNode check = seat.admin.get("/api/calls/" + callId + "/distribution-check").json();
        assertThat(check.get("ready").asBoolean()).isFalse();
        JsonNode lineFree = lineFreeCheck(check, seat.agentId);
        assertThat(lineFree.get("passed").asBoolean()).isFalse();
        assertThat(lineFree.get("detail").asText()).contains("Busy");
        assertThat(count("select count(*) from call_offer where call_id = '" + callId + "'")).isZero();

        // idle again: the call is offered at once (and the API shows the line Busy again, with that call)
        asterisk.phoneState(seat.extension, 0);
        String reference = FakeAsterisk.referenceOf(awaitOriginate(callId));
        assertThat(reference).isEqualTo(callId + ":1");
        assertThat(count("select count(*) from agent where id = '" + seat.agentId + "' and line_state = 'Free'"))
                .isEqualTo(1);
        hangUpAfterAnswer(reference);
    }

    // --- helpers ---

    /** An agent of a project of its own at a workplace of its own, Ready; calls go to its Running list. */
    record Seat(Api admin, Api agent, String agentId, String list, String extension) {

        String call(String number) {
            Api.Reply reply = admin.post("/api/calls",
                    "{\"number\":\"" + number + "\",\"outboundListId\":\"" + list + "\"}");
            assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
            return reply.json().get("id").asText();
        }
    }

    static Seat seat(String name, String callerId) {
        return seat(name, callerId, node1);
    }

    static Seat seat(String name, String callerId, EngineNode node) {
        Api admin = Api.as(node.port(), "admin", "admin");
        int number = SEATS.incrementAndGet();
        String project = Api.created(admin.post("/api/projects", """
                {"name":"Asterisk %s","callerId":%s,"showResultBar":true,"resultWaitSeconds":null,
                 "postCallPauseSeconds":null,"maxOfferAttempts":3,"defaultPriority":0}"""
                .formatted(name, callerId == null ? "null" : "\"" + callerId + "\"")));
        String list = Api.created(admin.post("/api/outbound-lists",
                "{\"name\":\"Asterisk list " + number + "\",\"projectId\":\"" + project + "\",\"state\":\"Running\"}"));
        String extension = String.valueOf(7100 + number);
        String workplace = Api.created(admin.post("/api/workplaces",
                "{\"name\":\"Asterisk seat " + number + "\",\"extension\":\"" + extension + "\"}"));
        String login = "asterisk" + number;
        String agentId = Api.created(admin.post("/api/agents", "{\"name\":\"Asterisk agent " + number
                + "\",\"login\":\"" + login + "\",\"password\":\"" + login + "\",\"allowWrite\":true,"
                + "\"workplaceId\":\"" + workplace + "\",\"projectIds\":[\"" + project + "\"]}"));
        Api agent = Api.as(node.port(), login, login);
        String ready = Api.idNamed(admin.get("/api/agent-statuses").json(), "Ready");
        assertThat(agent.put("/api/agent/status", "{\"statusId\":\"" + ready + "\"}").status()).isEqualTo(200);
        return new Seat(admin, agent, agentId, list, extension);
    }

    static FakeAsterisk.Action awaitOriginate(String callId) {
        return asterisk.awaitOriginate(a -> FakeAsterisk.referenceOf(a).startsWith(callId + ":"), WAIT);
    }

    static JsonNode awaitPhase(String callId, String phase) {
        Api admin = Api.as(node1.port(), "admin", "admin");
        return Await.until("call " + callId + " in " + phase, WAIT, () -> admin.get("/api/calls/" + callId).json(),
                call -> phase.equals(call.get("callPhase").asText()));
    }

    static JsonNode awaitLastResult(String callId, String lastResult) {
        Api admin = Api.as(node1.port(), "admin", "admin");
        return Await.until("call " + callId + " ending its attempt " + lastResult, WAIT,
                () -> admin.get("/api/calls/" + callId).json(),
                call -> lastResult.equals(call.get("lastResult").asText())
                        && !"Dialing".equals(call.get("callPhase").asText()));
    }

    static void assertAgentLineReleased(Seat seat) {
        JsonNode agent = Await.until("the agent's line released", WAIT, () -> seat.agent.get("/api/agent").json(),
                a -> a.get("offeredCallId").isNull());
        assertThat(agent.get("lineState").asText()).isEqualTo("Free");
    }

    static void hangUpAfterAnswer(String reference) {
        asterisk.agentAnswers(reference);
        asterisk.dialCustomer(reference);
        asterisk.customerAnswers(reference);
        String callId = reference.substring(0, reference.indexOf(':'));
        awaitPhase(callId, "AgentTalk");
        asterisk.hangUp(reference, HangupCauses.NORMAL_CLEARING);
        awaitPhase(callId, "Result");
    }

    static JsonNode lineFreeCheck(JsonNode check, String agentId) {
        for (JsonNode agent : check.get("agents")) {
            if (agentId.equals(agent.get("agentId").asText())) {
                for (JsonNode item : agent.get("checks")) {
                    if ("LineFree".equals(item.get("name").asText())) {
                        return item;
                    }
                }
            }
        }
        throw new AssertionError("no LineFree check of agent " + agentId + " in " + check);
    }

    static String pbxStatus(EngineNode node) {
        Api.Reply health = Api.anonymous(node.port()).get("/actuator/health");
        JsonNode pbx = health.json().path("components").path("pbx");
        return pbx.path("status").asText("MISSING");
    }

    static void awaitPbx(EngineNode node, String status) {
        Await.until(node.name() + "'s PBX " + status, WAIT, () -> pbxStatus(node), status::equals);
    }

    static long duplicates(EngineNode node) {
        String metrics = Api.anonymous(node.port()).get("/actuator/prometheus").body();
        return metrics.lines().filter(line -> line.startsWith("outbound_pbx_events_duplicates_total"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    static String processInstanceOf(String callId) {
        return sql.sql("select process_instance_id from outbound_call where id = cast(:call as uuid)")
                .param("call", callId).query(String.class).single();
    }

    static long count(String query) {
        return sql.sql(query).query(Long.class).single();
    }
}
