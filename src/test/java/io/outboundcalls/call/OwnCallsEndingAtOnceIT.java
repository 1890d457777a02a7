package io.outboundcalls.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.RunningEngineTest;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two of an agent's own calls (two visits at the counter) that end at the same moment, each in its own transaction:
 * the first passes the line to the second, which it still reads as open, while the second is ending. The line must
 * end free, never left with a Finished call, which would keep every campaign call from the agent for good.
 */
@RunningEngineTest
class OwnCallsEndingAtOnceIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;
    @Autowired
    RuntimeService runtime;
    @Autowired
    AgentRepository agents;
    @Autowired
    PlatformTransactionManager transactionManager;

    IntakeFixtures fixtures;
    UUID agent;
    Api asAgent;
    UUID first;
    UUID second;

    @BeforeEach
    void anAgentWithTwoVisitsTheLineHoldingTheFirst() {
        fixtures = new IntakeFixtures(jdbc, identity, port);
        agent = fixtures.agent(fixtures.project("Counter at once", false, true, 120));
        asAgent = fixtures.as(agent);
        first = UUID.fromString(asAgent.post("/api/calls/visitor", "{}").json().get("id").asText());
        second = UUID.fromString(asAgent.post("/api/calls/visitor", "{}").json().get("id").asText());
        assertThat(currentCall()).isEqualTo(first);
    }

    @AfterEach
    void theVisitsProcessesAreRemoved() {
        for (UUID call : new UUID[] {first, second}) {
            String instance = jdbc.sql("select process_instance_id from outbound_call where id = :id")
                    .param("id", call).query(String.class).single();
            if (runtime.createProcessInstanceQuery().processInstanceId(instance).count() > 0) {
                runtime.deleteProcessInstance(instance, "test over", true, true);
            }
        }
        fixtures.close();
    }

    @Test
    void theLineEndsFreeWhenBothEndWhileTheFirstPassesItToTheSecond() throws Exception {
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        CountDownLatch secondEnded = new CountDownLatch(1);
        CountDownLatch linePassed = new CountDownLatch(1);
        CountDownLatch secondReleasing = new CountDownLatch(1);

        CompletableFuture<Void> endSecond = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(tx -> {
            end(second);
            secondEnded.countDown();
            await(linePassed);
            secondReleasing.countDown();
            agents.releaseLine(agent, second, OffsetDateTime.now());
        }));
        transaction.executeWithoutResult(tx -> {
            await(secondEnded);
            end(first);
            // the second visit's end is not committed: it still reads as open, so the line goes to it
            agents.releaseLine(agent, first, OffsetDateTime.now());
            linePassed.countDown();
            await(secondReleasing);
            // the second's release runs meanwhile; commit only once it has had its chance to miss this change
            pause(500);
        });
        endSecond.get(20, TimeUnit.SECONDS);

        assertThat(currentCall()).as("the line after both calls ended").isNull();
        assertThat(asAgent.get("/api/agent").json().get("lineState").asText()).isEqualTo("Free");
    }

    private void end(UUID call) {
        jdbc.sql("update outbound_call set call_phase = 'Finished', call_result = 'Success' where id = :id")
                .param("id", call).update();
    }

    private UUID currentCall() {
        return jdbc.sql("select current_call_id from agent where id = :id").param("id", agent).query(UUID.class)
                .optional().orElse(null);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(20, TimeUnit.SECONDS)).as("the other transaction got there").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
