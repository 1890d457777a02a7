package io.outboundcalls.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import io.outboundcalls.support.TestData;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** A call's row is read once per transaction, and never outlives a write or its transaction. */
@RunningEngineTest
class CallRowReadOnceIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    OutboundCallRepository calls;
    @Autowired
    PlatformTransactionManager transactions;

    UUID callId;

    @BeforeEach
    void aWaitingCall() {
        TestData data = new TestData(jdbc);
        UUID list = data.list(data.project("Read once " + UUID.randomUUID(), null, null, false), "Stopped");
        callId = UUID.fromString(Api.created(Api.as(port, "admin", "admin").post("/api/calls",
                "{\"number\":\"+420724000111\",\"outboundListId\":\"" + list + "\",\"priority\":1}")));
    }

    @Test
    void aSecondReadInTheSameTransactionIsAnsweredWithoutTheDatabase() {
        int priorityReadTwice = new TransactionTemplate(transactions).execute(status -> {
            calls.find(callId).orElseThrow();
            setPriorityBehindTheRepository(7);
            return calls.find(callId).orElseThrow().priority();
        });

        assertThat(priorityReadTwice).isEqualTo(1);
        assertThat(calls.find(callId).orElseThrow().priority()).as("after the transaction").isEqualTo(7);
    }

    @Test
    void aWriteThroughTheRepositoryIsSeenByTheNextRead() {
        CallPhase phase = new TransactionTemplate(transactions).execute(status -> {
            calls.find(callId).orElseThrow();
            calls.neglect(callId, OffsetDateTime.now());
            return calls.find(callId).orElseThrow().callPhase();
        });

        assertThat(phase).isEqualTo(CallPhase.Finished);
    }

    @Test
    void aNestedTransactionReadsForItselfAndTheOuterOneKeepsItsRow() {
        TransactionTemplate nested = new TransactionTemplate(transactions);
        nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        int[] priorities = new TransactionTemplate(transactions).execute(status -> {
            calls.find(callId).orElseThrow();
            int inner = nested.execute(innerStatus -> {
                setPriorityBehindTheRepository(5);
                return calls.find(callId).orElseThrow().priority();
            });
            return new int[] {inner, calls.find(callId).orElseThrow().priority()};
        });

        assertThat(priorities).containsExactly(5, 1);
    }

    @Test
    void outsideATransactionEveryReadGoesToTheDatabase() {
        calls.find(callId).orElseThrow();
        setPriorityBehindTheRepository(9);

        assertThat(calls.find(callId).orElseThrow().priority()).isEqualTo(9);
    }

    private void setPriorityBehindTheRepository(int priority) {
        jdbc.sql("update outbound_call set priority = :priority where id = :id")
                .param("priority", priority).param("id", callId).update();
    }
}
