package io.outboundcalls.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.pbx.PbxEvent;
import io.outboundcalls.process.PbxEventRepository.Outcome;
import io.outboundcalls.process.PbxEventRepository.StoredEvent;
import io.outboundcalls.support.RunningEngineTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
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
    @Autowired
    PbxInboxSignal signal;
    @Autowired
    PbxEventInbox inbox;
    @Autowired
    PbxEventDispatcher dispatcher;
    @Autowired
    JdbcClient jdbc;

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

    /**
     * A retry after a failed try parks the event without its lock, and may find it past the parked-event limit: an
     * outcome that another worker or node recorded meanwhile stands, and the event is not given up (or counted) twice.
     */
    @Test
    void anOutcomeRecordedMeanwhileStandsWhenALaterTryGivesTheEventUp() {
        String line = UUID.randomUUID() + ":1";
        StoredEvent answered = events.store(new PbxEvent(line, PbxEvent.Type.CustomerAnswered), LATER, "test")
                .orElseThrow();
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);

        Boolean moved = transaction.execute(tx -> events.handled(answered.id(), line, Outcome.Moved, LATER, "test"));
        Boolean givenUp = transaction.execute(tx ->
                events.handled(answered.id(), line, Outcome.Expired, LATER, "late"));

        assertThat(moved).isTrue();
        assertThat(givenUp).as("given up by a later try").isFalse();
        assertThat(jdbc.sql("select outcome || ' ' || handled_by from pbx_event where id = :id")
                .param("id", answered.id()).query(String.class).single()).isEqualTo("Moved test");
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

    @Test
    void anEventHandedOverAtItsArrivalIsLeftOutOfThePollsForTheGrace() {
        // whole milliseconds: a database that keeps microseconds rounds the stored time, not the compared one
        OffsetDateTime now = OffsetDateTime.now().truncatedTo(ChronoUnit.MILLIS);
        OffsetDateTime due = signal.dueFor(now);
        assertThat(due).as("this node's reader takes events at once")
                .isEqualTo(now.plus(PbxInboxSignal.HAND_OVER_GRACE));
        StoredEvent answered = events.store(new PbxEvent(UUID.randomUUID() + ":1", PbxEvent.Type.CustomerAnswered),
                now, "test", due).orElseThrow();

        assertThat(events.due(now.plusSeconds(1), 1000)).extracting(StoredEvent::id).doesNotContain(answered.id());
        assertThat(events.due(due, 1000)).extracting(StoredEvent::id).contains(answered.id());
    }

    @Test
    void anEventHandedOverBehindAnotherOfItsLineIsDueOnceThatOneIsHandled() {
        String line = UUID.randomUUID() + ":1";
        StoredEvent answered = events.store(new PbxEvent(line, PbxEvent.Type.CustomerAnswered), LATER, "test")
                .orElseThrow();
        StoredEvent hungUp = events.store(new PbxEvent(line, PbxEvent.Type.HungUp), LATER, "test",
                LATER.plusDays(1)).orElseThrow();
        assertThat(events.due(LATER, 1000)).extracting(StoredEvent::id)
                .contains(answered.id()).doesNotContain(hungUp.id());

        new TransactionTemplate(transactionManager).executeWithoutResult(tx ->
                events.handled(answered.id(), line, Outcome.Ignored, LATER, "test"));

        assertThat(events.due(LATER, 1000)).extracting(StoredEvent::id)
                .as("its worker found the answer unhandled and left it to the poll").contains(hungUp.id())
                .doesNotContain(answered.id());
    }

    @Test
    void anEventTheEngineStoresInsideATransactionIsDueForThePollAtOnce() {
        String line = UUID.randomUUID() + ":1";
        OffsetDateTime before = OffsetDateTime.now();
        new TransactionTemplate(transactionManager).executeWithoutResult(tx ->
                inbox.onEvent(new PbxEvent(line, PbxEvent.Type.DialWithdrawn)));

        assertThat(nextTryOf(line, PbxEvent.Type.DialWithdrawn))
                .as("not held back by the hand-over's grace: its worker could not see it before the commit")
                .isBefore(before.plus(PbxInboxSignal.HAND_OVER_GRACE));
    }

    @Test
    void anEventItsWorkerHadToLeaveToThePollIsDueForItAtOnce() {
        String line = UUID.randomUUID() + ":1";
        events.store(new PbxEvent(line, PbxEvent.Type.CustomerAnswered), LATER, "test").orElseThrow();
        OffsetDateTime now = OffsetDateTime.now();
        StoredEvent hungUp = events.store(new PbxEvent(line, PbxEvent.Type.HungUp), now, "test",
                now.plus(PbxInboxSignal.HAND_OVER_GRACE)).orElseThrow();

        assertThat(dispatcher.handle(hungUp)).as("the answer before it is unhandled").isFalse();

        assertThat(nextTryOf(line, PbxEvent.Type.HungUp)).isBefore(now.plus(PbxInboxSignal.HAND_OVER_GRACE));
    }

    private OffsetDateTime nextTryOf(String line, PbxEvent.Type type) {
        return jdbc.sql("select next_try_at from pbx_event where reference = :line and event_type = :type")
                .param("line", line).param("type", type.name()).query(OffsetDateTime.class).single();
    }

    private boolean lock(StoredEvent event) {
        return Boolean.TRUE.equals(new TransactionTemplate(transactionManager)
                .execute(tx -> events.lock(event.id(), event.reference())));
    }
}
