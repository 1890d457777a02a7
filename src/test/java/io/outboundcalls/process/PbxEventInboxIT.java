package io.outboundcalls.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.outboundcalls.pbx.PbxEvent;
import io.outboundcalls.pbx.PbxEventListener;
import io.outboundcalls.support.RunningEngineTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the inbox does with an event the database refuses as it is (a reference longer than its column, as from a PBX
 * that rewrote the engine's reference): never stored, however often tried, it must neither hold up the events after
 * it nor outlive the transaction of an engine decision that stored it.
 */
@RunningEngineTest
class PbxEventInboxIT {

    /** Longer than pbx_event.reference's 64 characters. */
    static final String REWRITTEN_REFERENCE = UUID.randomUUID() + ":1;rewritten-by-a-dialplan-that-appends-its-own";

    @Autowired
    PbxEventListener inbox;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void anAdapterEventTheDatabaseRefusesIsDroppedAndTheEventsAfterItAreStored() {
        String next = UUID.randomUUID() + ":1";
        double refusedBefore = refused();

        inbox.onEvent(new PbxEvent(REWRITTEN_REFERENCE, PbxEvent.Type.HungUp));
        inbox.onEvent(new PbxEvent(next, PbxEvent.Type.HungUp));

        assertThat(unstored()).as("events kept in memory").isZero();
        assertThat(refused() - refusedBefore).as("events refused").isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from pbx_event where reference = :reference").param("reference", next)
                .query(Long.class).single()).as("the next event stored at once").isEqualTo(1);
    }

    @Test
    void anEngineEventTheDatabaseRefusesFailsTheTransactionThatDecidedIt() {
        TransactionTemplate decision = new TransactionTemplate(transactions);

        assertThatThrownBy(() -> decision.executeWithoutResult(
                tx -> inbox.onEvent(new PbxEvent(REWRITTEN_REFERENCE, PbxEvent.Type.LineLost))))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(unstored()).as("events kept in memory").isZero();
    }

    private double refused() {
        return meters.get("outbound.pbx.events.refused").counter().count();
    }

    private double unstored() {
        return meters.get("outbound.pbx.events.unstored").gauge().value();
    }
}
