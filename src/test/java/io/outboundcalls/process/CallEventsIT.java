package io.outboundcalls.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.distribution.Campaign;
import io.outboundcalls.pbx.OriginateRequest;
import io.outboundcalls.pbx.PbxDials;
import io.outboundcalls.pbx.PbxEvent;
import io.outboundcalls.pbx.PbxEventListener;
import io.outboundcalls.pbx.PbxGateway;
import io.outboundcalls.pbx.PbxOutOfReach;
import io.outboundcalls.pbx.PbxUnavailableException;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import io.outboundcalls.system.DatabaseKind;
import io.outboundcalls.system.EngineNodes;
import io.outboundcalls.system.OutboundProperties;
import io.outboundcalls.system.RedoableCommit;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * PBX events through the inbox on the running engine: the simulator's number suffix 0490 rings until someone hangs
 * up and reports nothing by itself, so the test delivers the events as a PBX adapter would, through the same
 * listener. Reconciliation runs every second here (test configuration), ring timeout 8 s.
 */
@RunningEngineTest
class CallEventsIT {

    static final String RINGS_UNTIL_HUNG_UP = "+420724120490";
    static final String TALKS_UNTIL_HUNG_UP = "+420724120489";
    static final Duration RANG_PAST_ITS_TIMEOUT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;
    @Autowired
    HistoryService history;
    @Autowired
    PbxEventListener pbxAdapterEvents;
    @Autowired
    PbxGateway pbx;
    @Autowired
    PbxEventDispatcher dispatcher;
    @Autowired
    PbxDials dials;
    @Autowired
    MeterRegistry meters;
    @Autowired
    DataSource dataSource;
    @Autowired
    DatabaseKind databaseKind;
    @Autowired
    PbxInboxSignal signal;
    @Autowired
    PbxEventRepository events;
    @Autowired
    OutboundCallRepository calls;
    @Autowired
    OutboundProperties properties;
    @Autowired
    RedoableCommit redoable;
    @Autowired
    Clock clock;

    Campaign campaign;
    UUID agent;

    @BeforeEach
    void oneReadyAgent() {
        campaign = Campaign.create(jdbc, identity, port);
        agent = campaign.agent("events");
        campaign.setStatus(agent, "Ready");
    }

    @AfterEach
    void closeCampaign() {
        campaign.close();
    }

    @Test
    void theSameEventDeliveredTwiceMovesTheCallOnce() {
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String line = awaitLineSent(call, 1);

        pbxAdapterEvents.onEvent(new PbxEvent(line, PbxEvent.Type.CustomerAnswered));
        pbxAdapterEvents.onEvent(new PbxEvent(line, PbxEvent.Type.CustomerAnswered));
        awaitPhase(call, "AgentTalk");
        pbxAdapterEvents.onEvent(new PbxEvent(line, PbxEvent.Type.HungUp));
        pbxAdapterEvents.onEvent(new PbxEvent(line, PbxEvent.Type.HungUp));
        awaitPhase(call, "Finished");

        assertThat(outcomes(line)).containsExactly("CustomerAnswered Moved", "HungUp Moved");
        String instance = jdbc.sql("select process_instance_id from outbound_call where id = :id").param("id", call)
                .query(String.class).single();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instance)
                .activityId("callFinished").count()).as("the call ended once").isEqualTo(1);
        assertThat(dialState(line)).isEqualTo("Ended");
        pbx.hangUp(line);
    }

    /** What the engine's history keeps of a finished call (CallHistory): how it ended and its decision, nothing else. */
    @Test
    void aFinishedCallKeepsHowItEndedAndItsDecisionButNoVariablesOrPassages() {
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String line = talkAndHangUp(call);
        awaitPhase(call, "Finished");
        String instance = jdbc.sql("select process_instance_id from outbound_call where id = :id").param("id", call)
                .query(String.class).single();
        Await.until("instance ended in history", Duration.ofSeconds(10), () -> history
                .createHistoricProcessInstanceQuery().processInstanceId(instance).finished().count(), n -> n == 1);

        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instance).list())
                .extracting(HistoricActivityInstance::getActivityId).containsExactly("callFinished");
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult()
                .getRemovalTime()).as("its removal time, for the history cleanup").isNotNull();
        assertThat(history.createHistoricDecisionInstanceQuery().processInstanceId(instance).includeOutputs().list())
                .isNotEmpty().allSatisfy(decision -> assertThat(decision.getOutputs()).isNotEmpty());
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(instance).count()).isZero();
        assertThat(history.createHistoricDetailQuery().processInstanceId(instance).count()).isZero();
        assertThat(history.createHistoricJobLogQuery().processInstanceId(instance).count()).isZero();
        pbx.hangUp(line);
    }

    @Test
    void anEventBeforeItsDialCommitsWaitsAndALateEventOfAnEarlierAttemptIsIgnored() {
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String first = awaitLineSent(call, 1);
        String second = call + ":2";

        // the PBX reports on attempt 2 before the engine has even decided it: the event waits
        pbxAdapterEvents.onEvent(new PbxEvent(second, PbxEvent.Type.CustomerAnswered));
        Await.until("the early event parked", Duration.ofSeconds(10), () -> tries(second), tries -> tries > 0);
        assertThat(campaign.phase(call)).isEqualTo("Dialing");

        // attempt 1's line vanishes without a word from the PBX: reconciliation counts it lost, the call is offered
        // again, attempt 2 is dialed, and the parked event is taken
        pbx.hangUp(first);
        awaitPhase(call, "AgentTalk");
        assertThat(attempt(call)).isEqualTo(2);
        assertThat(outcomes(second)).containsExactly("CustomerAnswered Moved");
        assertThat(offerOutcomes(call)).containsExactly("Lost", "Taken");
        assertThat(jdbc.sql("select offer_count from outbound_call where id = :id").param("id", call)
                .query(Integer.class).single()).as("a lost attempt is no refused offer").isEqualTo(1);
        assertThat(dialState(first)).isEqualTo("Ended");

        // a late answer of attempt 1 is recorded and changes nothing
        pbxAdapterEvents.onEvent(new PbxEvent(first, PbxEvent.Type.CustomerAnswered));
        Await.until("the late event handled", Duration.ofSeconds(10), () -> outcomes(first),
                outcomes -> outcomes.contains("CustomerAnswered Stale"));
        assertThat(campaign.phase(call)).isEqualTo("AgentTalk");
        assertThat(attempt(call)).isEqualTo(2);

        // the answered line vanishes too: reconciliation hangs the call up, and it ends as after any talk
        pbx.hangUp(second);
        awaitPhase(call, "Finished");
        assertThat(outcomes(second)).containsExactly("CustomerAnswered Moved", "LineLost Moved");
        assertThat(jdbc.sql("select current_call_id from agent where id = :id").param("id", agent)
                .query(UUID.class).optional()).isEmpty();
        assertThat(Api.as(port, "admin", "admin").get("/actuator/prometheus").body())
                .contains("outbound_pbx_reconciled_total{", "outbound_pbx_events_lag_seconds_count");
    }

    /**
     * The PBX forgets a ringing attempt (a stalled Asterisk), reconciliation counts it lost and the call goes back to
     * its queue; then the PBX carries the attempt out after all and the customer answers. Nobody would talk on that
     * line: it is hung up (on the answer, or by reconciliation if that comes first), and the call waits in its queue.
     */
    @Test
    void aLineOfALostAttemptThatComesUpWhileItsCallWaitsInTheQueueIsHungUp() {
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String first = awaitLineSent(call, 1);
        stopTheList();
        assertThat(dials.givenUp(first)).as("a line the engine holds").isFalse();
        assertThat(dials.givenUp(UUID.randomUUID() + ":1")).as("a line not the engine's").isFalse();

        pbx.hangUp(first);
        Await.until("the first attempt lost", Duration.ofSeconds(30), () -> offerOutcomes(call),
                List.of("Lost")::equals);
        awaitPhase(call, "Enqueue");
        pbx.originate(new OriginateRequest("late", RINGS_UNTIL_HUNG_UP, null, first));
        pbxAdapterEvents.onEvent(new PbxEvent(first, PbxEvent.Type.CustomerAnswered));

        Await.until("the late line hung up", Duration.ofSeconds(10), () -> pbx.liveReferences(),
                live -> !live.contains(first));
        assertThat(outcomes(first)).containsExactly("LineLost Moved", "CustomerAnswered Ignored");
        assertThat(campaign.phase(call)).isEqualTo("Enqueue");
        assertThat(attempt(call)).isEqualTo(1);
    }

    /**
     * The same late line, before anyone answers it: reconciliation finds it up although its attempt was given up, and
     * hangs it up (a stray line), so that the customer's phone does not ring for nobody.
     */
    @Test
    void aLineOfALostAttemptThatComesUpIsHungUpByReconciliationBeforeAnyoneAnswers() {
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String first = awaitLineSent(call, 1);
        stopTheList();
        pbx.hangUp(first);
        Await.until("the first attempt lost", Duration.ofSeconds(30), () -> offerOutcomes(call),
                List.of("Lost")::equals);
        double straysBefore = reconciledCount("stray");

        pbx.originate(new OriginateRequest("late", RINGS_UNTIL_HUNG_UP, null, first));

        Await.until("the late line hung up", Duration.ofSeconds(20), () -> pbx.liveReferences(),
                live -> !live.contains(first));
        assertThat(reconciledCount("stray")).isGreaterThanOrEqualTo(straysBefore + 1);
        assertThat(outcomes(first)).containsExactly("LineLost Moved");
        assertThat(campaign.phase(call)).isEqualTo("Enqueue");
    }

    /**
     * An event its call could not take for longer than the parked-event limit (5 min) is given up: recorded
     * Expired and counted, and it waits in the inbox no more (reconciliation settles its call).
     */
    @Test
    void anEventItsCallCouldNotTakePastTheLimitIsGivenUpAndCounted() {
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String first = awaitLineSent(call, 1);
        String notDialed = call + ":99";
        double givenUpBefore = handledCount("Expired");

        OffsetDateTime sixMinutesAgo = OffsetDateTime.now().minusMinutes(6);
        storeAnswer(notDialed, call, 99, sixMinutesAgo, sixMinutesAgo);

        Await.until("the event given up", Duration.ofSeconds(10), () -> outcomes(notDialed),
                List.of("CustomerAnswered Expired")::equals);
        // other tests' events may expire in the same context too: this one's row says it was this one
        Await.until("the event counted", Duration.ofSeconds(5), () -> handledCount("Expired"),
                count -> count >= givenUpBefore + 1);
        pbx.hangUp(first);
    }

    /**
     * A hang-up while the customer's phone still rings (on Asterisk, the agent leaving before the customer answers)
     * ends an attempt nobody answered: the call takes it as its line lost and goes back to its queue at once,
     * instead of parking it for an answer that cannot follow and holding call and agent for the parked-event limit.
     */
    @Test
    void aHangUpWhileTheCustomersPhoneRingsEndsTheAttemptAsLost() {
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String first = awaitLineSent(call, 1);
        stopTheList();

        pbxAdapterEvents.onEvent(new PbxEvent(first, PbxEvent.Type.HungUp));
        pbx.hangUp(first);

        Await.until("the attempt lost", Duration.ofSeconds(5), () -> offerOutcomes(call), List.of("Lost")::equals);
        assertThat(outcomes(first)).containsExactly("HungUp Moved");
        assertThat(dialState(first)).isEqualTo("Ended");
        awaitPhase(call, "Enqueue");
        assertThat(jdbc.sql("select current_call_id from agent where id = :agent").param("agent", agent)
                .query(UUID.class).optional()).isEmpty();
    }

    /**
     * An answer stored but not yet handled (the workers' queue under load) is not overtaken by the ring timeout:
     * reconciliation leaves the line up, and the answer then opens the talk.
     */
    @Test
    void aLinePastItsRingTimeoutIsNotHungUpWhileItsAnswerWaitsInTheInbox() throws InterruptedException {
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String first = awaitLineSent(call, 1);
        storeAnswer(first, call, 1, OffsetDateTime.now(), OffsetDateTime.now().plusHours(1));

        Thread.sleep(12_000); // past the ring timeout (8 s) and several sweeps (every second)

        assertThat(pbx.liveReferences()).as("the answered line").contains(first);
        assertThat(campaign.phase(call)).isEqualTo("Dialing");
        jdbc.sql("update pbx_event set next_try_at = :now where reference = :reference")
                .param("now", OffsetDateTime.now()).param("reference", first).update();
        awaitPhase(call, "AgentTalk");
        assertThat(outcomes(first)).containsExactly("CustomerAnswered Moved");
        pbx.hangUp(first);
        pbxAdapterEvents.onEvent(new PbxEvent(first, PbxEvent.Type.HungUp));
    }

    /**
     * A node whose database refused an answer keeps it in memory (PbxEventInbox) until the database takes it again; its
     * sweep meanwhile settles no line, not even one past its ring timeout: that customer may be the one who answered.
     */
    @Test
    void aNodeWhoseAnswerWaitsInMemoryForTheDatabaseSettlesNoLineUntilItIsStored() throws InterruptedException {
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String line = awaitLineSent(call, 1);
        try (StandbyNode standby = new StandbyNode(pbx, RANG_PAST_ITS_TIMEOUT, line)) {
            standby.database.refusing = true;
            standby.inbox.onEvent(new PbxEvent(line, PbxEvent.Type.CustomerAnswered));
            assertThat(standby.inbox.holdsUnstored()).as("the answer kept in memory").isTrue();

            standby.sweep();
            assertThat(pbx.liveReferences()).as("the line rang 30 s, past its ring timeout").contains(line);
            assertThat(dialState(line)).isEqualTo("Sent");
            assertThat(campaign.phase(call)).isEqualTo("Dialing");

            standby.database.refusing = false;
            standby.inbox.storeQueued();
            assertThat(standby.inbox.holdsUnstored()).isFalse();
            awaitPhase(call, "AgentTalk");
            standby.sweep();
            assertThat(pbx.liveReferences()).as("the answered line, once its call took the answer").contains(line);
            assertThat(outcomes(line)).containsExactly("CustomerAnswered Moved");
        } finally {
            pbx.hangUp(line);
            pbxAdapterEvents.onEvent(new PbxEvent(line, PbxEvent.Type.HungUp));
        }
    }

    /**
     * Two lines of a node are gone at the PBX, and the first of them meets a deadlock as the node settles it: the sweep
     * settles the other, and the next sweep the first.
     */
    @Test
    void aLineTheSweepFailsOnDoesNotKeepTheOtherLinesFromBeingSettled() throws InterruptedException {
        List<UUID> twoCalls = twoCallsWhoseLinesAreGone();
        List<String> lines = twoCalls.stream().map(call -> call + ":1").toList();
        try (StandbyNode standby = new StandbyNode(pbx, RANG_PAST_ITS_TIMEOUT, lines.toArray(String[]::new))) {
            standby.database.deadlocking = 1;

            standby.sweep();
            assertThat(lines).extracting(this::dialState).as("after the sweep that failed on one line")
                    .containsExactlyInAnyOrder("Ended", "Sent");
            standby.sweep();
            assertThat(lines).extracting(this::dialState).as("after the next sweep").containsExactly("Ended", "Ended");
            awaitBothAttemptsLost(twoCalls);
        }
    }

    /**
     * The same two lines while the node's database is out of reach: the sweep ends at the first line instead of
     * waiting for the database line by line, and settles both once it is back.
     */
    @Test
    void aSweepEndsAtTheFirstLineWhileTheDatabaseIsOutOfReach() throws InterruptedException {
        List<UUID> twoCalls = twoCallsWhoseLinesAreGone();
        List<String> lines = twoCalls.stream().map(call -> call + ":1").toList();
        try (StandbyNode standby = new StandbyNode(pbx, RANG_PAST_ITS_TIMEOUT, lines.toArray(String[]::new))) {
            standby.database.refusing = true;

            assertThatThrownBy(standby::sweep).isInstanceOf(DataAccessResourceFailureException.class);
            assertThat(lines).extracting(this::dialState).as("after the sweep that met the outage")
                    .containsExactly("Sent", "Sent");
            standby.database.refusing = false;
            standby.sweep();
            assertThat(lines).extracting(this::dialState).as("once the database is back")
                    .containsExactly("Ended", "Ended");
            awaitBothAttemptsLost(twoCalls);
        }
    }

    /** Two calls dialed, to this test's agent and a second one, their list stopped and both lines gone at the PBX. */
    private List<UUID> twoCallsWhoseLinesAreGone() {
        campaign.setStatus(campaign.agent("eventssecond"), "Ready");
        List<UUID> twoCalls = List.of(campaign.callTo(RINGS_UNTIL_HUNG_UP, ""),
                campaign.callTo(RINGS_UNTIL_HUNG_UP, ""));
        List<String> lines = twoCalls.stream().map(call -> awaitLineSent(call, 1)).toList();
        stopTheList();
        lines.forEach(pbx::hangUp);
        Await.until("both lines gone at the PBX", Duration.ofSeconds(5), () -> pbx.liveReferences(),
                live -> lines.stream().noneMatch(live::contains));
        return twoCalls;
    }

    private void awaitBothAttemptsLost(List<UUID> twoCalls) {
        for (UUID call : twoCalls) {
            Await.until("the attempt lost", Duration.ofSeconds(10), () -> offerOutcomes(call),
                    List.of("Lost")::equals);
        }
    }

    /**
     * A node whose PBX connection is down, while its heartbeat goes on, hands its lines to the other nodes once it has
     * not reached the PBX for as long as a node may be silent: the running engine, which reaches the PBX, adopts the
     * line, which is still up and stays so.
     */
    @Test
    void aNodeThatCannotReachThePbxHandsItsLinesToANodeThatCan() throws InterruptedException {
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String line = awaitLineSent(call, 1);
        try (StandbyNode standby = new StandbyNode(new PbxOutOfReach(), Duration.ZERO, line)) {
            assertThatThrownBy(standby::sweep).isInstanceOf(PbxUnavailableException.class);
            assertThat(dialNode(line)).as("the line's node after its first failed sweep").isEqualTo(standby.nodeId);

            standby.clock.ahead = EngineNodes.SILENCE.plusSeconds(1);
            assertThatThrownBy(standby::sweep).isInstanceOf(PbxUnavailableException.class);
            assertThat(dialNode(line)).as("the line's node once the PBX was out of reach that long")
                    .isNotEqualTo(standby.nodeId);
            assertThat(standby.meters.get("outbound.pbx.reconciled").tag("outcome", "handedOver").counter().count())
                    .isEqualTo(1);

            // within the ring timeout (8 s) from the line's send: adopted, the line is not yet past any deadline
            Await.until("the line adopted by the running engine", Duration.ofSeconds(5), () -> dialNode(line),
                    properties.nodeId()::equals);
            assertThat(dialState(line)).isEqualTo("Sent");
            assertThat(pbx.liveReferences()).contains(line);
            assertThat(campaign.phase(call)).isEqualTo("Dialing");
        } finally {
            pbx.hangUp(line);
        }
    }

    /**
     * An agent's hang-up that reaches a node whose PBX connection is down, for a line of a node that reaches the PBX:
     * the line's node hangs it up, as it does for any line another node is asked to end, and the request does not fail
     * on the connection of the node it reached. For a line of its own, which no other node would hang up yet, it
     * fails.
     */
    @Test
    void aHangUpOnANodeThatCannotReachThePbxIsCarriedOutByTheLinesOwnNode() throws InterruptedException {
        UUID call = campaign.callTo(TALKS_UNTIL_HUNG_UP, "");
        String line = awaitLineSent(call, 1);
        awaitPhase(call, "AgentTalk");
        try (StandbyNode standby = new StandbyNode(new PbxOutOfReach(), Duration.ZERO, line)) {
            assertThatThrownBy(() -> standby.dials.hangUp(call)).as("its own line")
                    .isInstanceOf(PbxUnavailableException.class);
            assertThat(campaign.phase(call)).isEqualTo("AgentTalk");

            jdbc.sql("update pbx_dial set node_id = :node where reference = :line").param("node", properties.nodeId())
                    .param("line", line).update();
            standby.dials.hangUp(call);

            awaitPhase(call, "Finished");
            assertThat(pbx.liveReferences()).doesNotContain(line);
            assertThat(outcomes(line)).contains("HungUp Moved");
        }
    }

    /**
     * With no node reaching the PBX, as the node that cannot reach it sees the others (here the running engine's
     * heartbeat, read on that node's clock, older than a live node's), an agent's hang-up fails and says so, also for
     * another node's line. That node was asked to hang the line up before this node's PBX failed it, and does so once
     * it reaches the PBX: the running engine at once.
     */
    @Test
    void aHangUpOnANodeThatCannotReachThePbxFailsWhileNoNodeReachesIt() throws InterruptedException {
        UUID call = campaign.callTo(TALKS_UNTIL_HUNG_UP, "");
        String line = awaitLineSent(call, 1);
        awaitPhase(call, "AgentTalk");
        try (StandbyNode standby = new StandbyNode(new PbxOutOfReach(), Duration.ZERO)) {
            standby.clock.ahead = EngineNodes.SILENCE.plusMinutes(1);

            assertThatThrownBy(() -> standby.dials.hangUp(call)).isInstanceOf(PbxUnavailableException.class);
        }
        awaitPhase(call, "Finished");
        assertThat(outcomes(line)).contains("HungUp Moved");
    }

    /**
     * A call holds a line only while Dialing or in AgentTalk: a line still open while its call waits for its result
     * (here a hang-up the PBX carried out only in part: the customer's leg ended, the line rings on) is hung up by
     * reconciliation, and the call stays where it is.
     */
    @Test
    void aLineStillUpWhileItsCallWaitsForItsResultIsHungUp() {
        jdbc.sql("update project set show_result_bar = true where id = :project").param("project", campaign.project)
                .update();
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String line = talkAndHangUp(call);
        awaitPhase(call, "Result");
        double straysBefore = reconciledCount("stray");

        jdbc.sql("update pbx_dial set state = 'Sent', ended_at = null, sent_at = :rangSince where reference = :line")
                .param("rangSince", OffsetDateTime.now(clock).minus(RANG_PAST_ITS_TIMEOUT)).param("line", line)
                .update();
        assertThat(pbx.liveReferences()).as("the line, still ringing at the PBX").contains(line);

        Await.until("the line hung up", Duration.ofSeconds(10), () -> pbx.liveReferences(),
                live -> !live.contains(line));
        assertThat(dialState(line)).isEqualTo("Ended");
        assertThat(reconciledCount("stray")).isGreaterThanOrEqualTo(straysBefore + 1);
        assertThat(campaign.phase(call)).isEqualTo("Result");
    }

    @Test
    void aLineRingingPastTheRingTimeoutIsEndedAndItsCallGoesBackToTheQueue() {
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String first = awaitLineSent(call, 1);

        Await.until("the first attempt lost", Duration.ofSeconds(30), () -> offerOutcomes(call),
                outcomes -> !outcomes.isEmpty() && "Lost".equals(outcomes.get(0)));

        assertThat(dialState(first)).isEqualTo("Ended");
        assertThat(pbx.liveReferences()).doesNotContain(first);
        assertThat(outcomes(first)).containsExactly("LineLost Moved");
    }

    @Test
    void anAgentDecliningARingingCallHangsUpItsLineAndTheCallGoesBackToTheQueue() {
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String line = awaitLineSent(call, 1);

        Api.Reply reply = campaign.as(agent).post("/api/agent/offer/reject", "");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);

        Await.until("the withdrawn dial handled", Duration.ofSeconds(15), () -> outcomes(line),
                outcomes -> outcomes.contains("DialWithdrawn Moved"));
        assertThat(outcomes(line)).containsExactly("DialWithdrawn Moved");
        assertThat(offerOutcomes(call).get(0)).isEqualTo("Rejected");
        Await.until("the line hung up", Duration.ofSeconds(5), () -> pbx.liveReferences(),
                live -> !live.contains(line));
        assertThat(dialState(line)).isEqualTo("Ended");
    }

    /**
     * The PBX reports the agent's phone unanswered, and before that event is handled the agent declines the ringing
     * call: their decline ended the offer, so the event finds none open, yet the call is an offered one and goes back
     * to its queue as the decline said; it does not end as a failed call of its own agent.
     */
    @Test
    void anUnansweredPhoneReportedJustBeforeItsAgentDeclinesSendsTheCallBackToItsQueue() {
        UUID call = campaign.callTo(RINGS_UNTIL_HUNG_UP, "");
        String line = awaitLineSent(call, 1);

        dispatcher.stop(); // the events wait in the inbox, as behind other calls' events under load
        try {
            pbxAdapterEvents.onEvent(new PbxEvent(line, PbxEvent.Type.AgentNoAnswer));
            Api.Reply reply = campaign.as(agent).post("/api/agent/offer/reject", "");
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        } finally {
            dispatcher.start();
        }

        Await.until("the events of the line handled", Duration.ofSeconds(15), () -> outcomes(line),
                outcomes -> outcomes.size() >= 2 && outcomes.stream().noneMatch(o -> o.endsWith("pending")));
        // the decline's own event finds the call moved on: back in its queue, or offered and dialed again already
        assertThat(outcomes(line).get(0)).isEqualTo("AgentNoAnswer Moved");
        assertThat(outcomes(line).get(1)).isIn("DialWithdrawn Ignored", "DialWithdrawn Stale");
        assertThat(offerOutcomes(call).get(0)).as("the first offer ended as its agent said").isEqualTo("Rejected");
        assertThat(jdbc.sql("select call_result from outbound_call where id = :id").param("id", call)
                .query(String.class).single()).as("not failed: back in its queue").isEqualTo("Scheduled");
        assertThat(campaign.phase(call)).isNotEqualTo("Finished");
        pbx.hangUp(line);
    }

    /**
     * A node's way to the database: while {@code refusing}, every connection it asks for is refused (the database out
     * of reach); the next {@code deadlocking} statements each lose a deadlock, on a connection that works.
     */
    private static final class FailingDataSource extends DelegatingDataSource {

        volatile boolean refusing;
        volatile int deadlocking;

        FailingDataSource(DataSource database) {
            super(database);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (refusing) {
                throw new SQLException("connection refused (the test cut this node's database)", "08001");
            }
            Connection connection = super.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().startsWith("prepare") && deadlocking > 0) {
                            deadlocking--;
                            throw new SQLException("deadlock detected (the test's)", "40P01");
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    /**
     * A second engine node on the same database, alive, built from the engine's own parts and reaching the PBX through
     * {@code pbx}: its PBX event inbox reaches the database through a {@link FailingDataSource}, its reconciliation is
     * run by the test on a clock the test moves. The lines handed to it are its own and went out {@code rangFor} ago;
     * the running engine's sweep leaves a live node's lines alone.
     */
    private final class StandbyNode implements AutoCloseable {

        final FailingDataSource database = new FailingDataSource(dataSource);
        final MovableClock clock = new MovableClock(CallEventsIT.this.clock);
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final PbxEventInbox inbox;
        final PbxDials dials;
        final CallReconciliation reconciliation;
        final String nodeId = "standby-" + UUID.randomUUID();

        StandbyNode(PbxGateway pbx, Duration rangFor, String... lines) {
            OutboundProperties own = new OutboundProperties(properties.defaultRegion(), properties.timeZone(), nodeId,
                    properties.distribution(), properties.postConditions(), properties.pbx());
            OffsetDateTime now = OffsetDateTime.now(CallEventsIT.this.clock);
            jdbc.sql("insert into engine_node (node_id, started_at, seen_at) values (:node, :now, :now)")
                    .param("node", nodeId).param("now", now).update();
            if (lines.length > 0) {
                jdbc.sql("update pbx_dial set node_id = :node, sent_at = :sentAt where reference in (:lines)")
                        .param("node", nodeId).param("sentAt", now.minus(rangFor)).param("lines", List.of(lines))
                        .update();
            }
            inbox = new PbxEventInbox(new PbxEventRepository(JdbcClient.create(database), databaseKind), signal, own,
                    clock, meters);
            EngineNodes nodes = new EngineNodes(jdbc, own, clock);
            dials = new PbxDials(jdbc, pbx, inbox, own, clock, meters, redoable, nodes);
            reconciliation = new CallReconciliation(dials, events, inbox, calls, nodes, own, clock, meters, redoable);
        }

        /** One sweep, after a heartbeat: the running engine takes over the lines of a node silent for 20 s. */
        void sweep() {
            jdbc.sql("update engine_node set seen_at = :now where node_id = :node")
                    .param("now", OffsetDateTime.now(CallEventsIT.this.clock)).param("node", nodeId).update();
            reconciliation.sweep();
        }

        @Override
        public void close() throws InterruptedException {
            dials.destroy();
            jdbc.sql("delete from engine_node where node_id = :node").param("node", nodeId).update();
        }
    }

    /** A node's clock, which the test moves ahead instead of waiting. */
    private static final class MovableClock extends Clock {

        private final Clock base;
        volatile Duration ahead = Duration.ZERO;

        MovableClock(Clock base) {
            this.base = base;
        }

        @Override
        public ZoneId getZone() {
            return base.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a node's clock keeps its zone");
        }

        @Override
        public Instant instant() {
            return base.instant().plus(ahead);
        }
    }

    /** Its calls, once back in their queue, are not offered again. */
    private void stopTheList() {
        jdbc.sql("update outbound_list set state = 'Stopped' where id = :list").param("list", campaign.list).update();
    }

    /** An answer stored in the inbox as a node would, due for the workers at {@code dueAt}. */
    private void storeAnswer(String reference, UUID call, int attempt, OffsetDateTime receivedAt,
            OffsetDateTime dueAt) {
        jdbc.sql("""
                insert into pbx_event (reference, call_id, attempt, event_type, received_at, received_by, next_try_at)
                values (:reference, :call, :attempt, 'CustomerAnswered', :receivedAt, 'another node', :dueAt)
                """).param("reference", reference).param("call", call).param("attempt", attempt)
                .param("receivedAt", receivedAt).param("dueAt", dueAt).update();
    }

    private double reconciledCount(String outcome) {
        return meters.get("outbound.pbx.reconciled").tag("outcome", outcome).counter().count();
    }

    private double handledCount(String outcome) {
        return meters.get("outbound.pbx.events.handled").tag("outcome", outcome).counter().count();
    }

    /** The call's first line answered and hung up, as the PBX adapter reports them; returns the line. */
    private String talkAndHangUp(UUID call) {
        String line = awaitLineSent(call, 1);
        pbxAdapterEvents.onEvent(new PbxEvent(line, PbxEvent.Type.CustomerAnswered));
        awaitPhase(call, "AgentTalk");
        pbxAdapterEvents.onEvent(new PbxEvent(line, PbxEvent.Type.HungUp));
        return line;
    }

    private String awaitLineSent(UUID call, int attempt) {
        String reference = call + ":" + attempt;
        Await.until("line " + reference + " sent", Duration.ofSeconds(15), () -> dialState(reference),
                "Sent"::equals);
        return reference;
    }

    private void awaitPhase(UUID call, String phase) {
        Await.until("call in " + phase, Duration.ofSeconds(30), () -> campaign.phase(call), phase::equals);
    }

    private String dialNode(String reference) {
        return jdbc.sql("select node_id from pbx_dial where reference = :reference").param("reference", reference)
                .query(String.class).single();
    }

    private String dialState(String reference) {
        return jdbc.sql("select state from pbx_dial where reference = :reference").param("reference", reference)
                .query(String.class).optional().orElse("none");
    }

    private List<String> outcomes(String reference) {
        return jdbc.sql("""
                select event_type || ' ' || coalesce(outcome, 'pending') from pbx_event where reference = :reference
                order by id
                """).param("reference", reference).query(String.class).list();
    }

    private int tries(String reference) {
        return jdbc.sql("select coalesce(max(tries), 0) from pbx_event where reference = :reference")
                .param("reference", reference).query(Integer.class).single();
    }

    private int attempt(UUID call) {
        return jdbc.sql("select attempt from outbound_call where id = :id").param("id", call).query(Integer.class)
                .single();
    }

    private List<String> offerOutcomes(UUID call) {
        return jdbc.sql("select coalesce(outcome, 'open') from call_offer where call_id = :call order by offered_at")
                .param("call", call).query(String.class).list();
    }
}
