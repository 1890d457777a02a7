package io.outboundcalls.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.pbx.PbxEvent;
import io.outboundcalls.process.PbxEventRepository.Outcome;
import io.outboundcalls.process.PbxEventRepository.StoredEvent;
import io.outboundcalls.support.RunningEngineTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An event stored on a node goes to that node's workers at once, not through the inbox poll; the lock that takes it
 * keeps the poll's order rule, so it cannot overtake an earlier event of its line that another node or the poll holds.
 * The events here are stored as due far in the future, so this node's poll leaves them to the test.
 */
@RunningEngineTest
class PbxEventHandOverIT {

    static final OffsetDateTime LATER = OffsetDateTime.of(2100, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    @Autowired
    PbxEventRepository events;
    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void anEventIsNotTakenWhileAnEarlierEventOfItsLineIsUnhandled() {
        String line = UUID.randomUUID() + ":1";
        StoredEvent answered = events.store(new PbxEvent(line, PbxEvent.Type.CustomerAnswered), LATER, "test")
                .orElseThrow();
        StoredEvent hungUp = events.store(new PbxEvent(line, PbxEvent.Type.HungUp), LATER, "test").orElseThrow();

        assertThat(lock(hungUp)).as("the hang-up waits for the answer").isFalse();
        assertThat(lock(answered)).as("the answer is first in its line").isTrue();

        new TransactionTemplate(transactionManager).executeWithoutResult(tx ->
                events.handled(answered.id(), line, Outcome.Ignored, LATER, "test"));
        assertThat(lock(hungUp)).as("the hang-up once the answer is handled").isTrue();
    }

    @Test
    void anEventOfAnotherLineIsNotHeldBack() {
        String first = UUID.randomUUID() + ":1";
        String second = first.replace(":1", ":2");
        events.store(new PbxEvent(first, PbxEvent.Type.CustomerAnswered), LATER, "test").orElseThrow();
        StoredEvent busy = events.store(new PbxEvent(second, PbxEvent.Type.CustomerBusy), LATER, "test")
                .orElseThrow();

        assertThat(lock(busy)).as("a later attempt's line goes on").isTrue();
    }

    @Test
    void theSameEventStoredTwiceIsHandedOverOnce() {
        String line = UUID.randomUUID() + ":1";
        assertThat(events.store(new PbxEvent(line, PbxEvent.Type.HungUp), LATER, "test")).isPresent();
        assertThat(events.store(new PbxEvent(line, PbxEvent.Type.HungUp), LATER, "test")).isEmpty();
    }

    private boolean lock(StoredEvent event) {
        return Boolean.TRUE.equals(new TransactionTemplate(transactionManager)
                .execute(tx -> events.lock(event.id(), event.reference())));
    }
}
