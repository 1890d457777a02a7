package io.outboundcalls.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import io.outboundcalls.support.TestData;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The process's phases reach the call's row with as few writes as they need: every write of the row renews all of its
 * index entries, so a phase the row already shows is not written again, and the first phase attaches the instance.
 */
@RunningEngineTest
class CallPhaseWritesIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    OutboundCallRepository calls;
    @Autowired
    RuntimeService runtime;

    UUID callId;
    String instance;

    @BeforeEach
    void aCallQueuedInAStoppedList() {
        TestData data = new TestData(jdbc);
        UUID list = data.list(data.project("Phase writes " + UUID.randomUUID(), null, null, false), "Stopped");
        callId = UUID.fromString(Api.created(Api.as(port, "admin", "admin").post("/api/calls",
                "{\"number\":\"+420724000112\",\"outboundListId\":\"" + list + "\"}")));
        instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(callId.toString()).singleResult()
                .getId();
    }

    @Test
    void theFirstPhaseOfTheInstanceAttachesItToTheRowInTheSameWrite() {
        Map<String, Object> row = row();

        assertThat(row).containsEntry("process_instance_id", instance).containsEntry("process_phase", "Enqueue");
        assertThat(((Number) row.get("version")).intValue()).as("one write after the insert").isEqualTo(1);
        assertThat(calls.attachProcessInstance(callId, instance)).as("nothing left to attach").isFalse();
    }

    @Test
    void aPhaseTheRowAlreadyShowsIsNotWrittenAgain() {
        Map<String, Object> before = row();

        calls.enterPhase(callId, instance, CallPhase.Enqueue, OffsetDateTime.now().plusMinutes(5));

        assertThat(row()).as("version and updated_at untouched").isEqualTo(before);
    }

    @Test
    void aNewPhaseIsWrittenWithItsMoment() {
        OffsetDateTime answered = OffsetDateTime.now().plusMinutes(5);

        calls.enterPhase(callId, instance, CallPhase.AgentTalk, answered);
        calls.enterPhase(callId, instance, CallPhase.AgentTalk, answered.plusMinutes(1));

        Map<String, Object> row = row();
        assertThat(row).containsEntry("call_phase", "AgentTalk").containsEntry("process_phase", "AgentTalk");
        assertThat(((Number) row.get("version")).intValue()).as("the second entry wrote nothing").isEqualTo(2);
        assertThat(calls.find(callId).orElseThrow().answeredAt()).isNotNull();
    }

    @Test
    void everyEntryIntoDialingStartsTheNextAttempt() {
        calls.enterPhase(callId, instance, CallPhase.Dialing, OffsetDateTime.now());
        calls.enterPhase(callId, instance, CallPhase.Dialing, OffsetDateTime.now());

        assertThat(calls.find(callId).orElseThrow().attempt()).isEqualTo(2);
        assertThat(calls.find(callId).orElseThrow().callPhase()).isEqualTo(CallPhase.Dialing);
    }

    /**
     * A rescheduled call dialed again must not carry the answer of its attempt before: reconciliation measures the
     * maximum talk time from it, and hung up a redialed customer within a minute of the answer.
     */
    @Test
    void aNewAttemptStartsWithoutTheAnswerAndHangUpOfTheAttemptBefore() {
        OffsetDateTime firstAnswer = OffsetDateTime.now().minusHours(5);
        calls.enterPhase(callId, instance, CallPhase.Dialing, firstAnswer.minusSeconds(10));
        calls.enterPhase(callId, instance, CallPhase.AgentTalk, firstAnswer);
        calls.enterPhase(callId, instance, CallPhase.PostCall, firstAnswer.plusMinutes(2));

        calls.enterPhase(callId, instance, CallPhase.Dialing, OffsetDateTime.now());

        OutboundCall redialed = calls.find(callId).orElseThrow();
        assertThat(redialed.attempt()).isEqualTo(2);
        assertThat(redialed.answeredAt()).isNull();
        assertThat(redialed.hungUpAt()).isNull();

        OffsetDateTime secondAnswer = OffsetDateTime.now();
        calls.enterPhase(callId, instance, CallPhase.AgentTalk, secondAnswer);
        assertThat(calls.find(callId).orElseThrow().answeredAt()).isCloseTo(secondAnswer, within(1, ChronoUnit.MILLIS));
    }

    @Test
    void aRowOfAnotherInstanceIsAttachedToTheNewOne() {
        calls.enterPhase(callId, "another-instance", CallPhase.Enqueue, OffsetDateTime.now());

        assertThat(row()).containsEntry("process_instance_id", "another-instance");
        assertThat(calls.attachProcessInstance(callId, instance)).isTrue();
        assertThat(row()).containsEntry("process_instance_id", instance);
    }

    private Map<String, Object> row() {
        return jdbc.sql("""
                select call_phase, process_phase, process_instance_id, version, updated_at
                from outbound_call where id = :id
                """).param("id", callId).query().singleRow();
    }
}
