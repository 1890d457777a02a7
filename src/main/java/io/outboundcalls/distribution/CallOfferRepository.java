package io.outboundcalls.distribution;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * SQL of call_offer, the log of offers. Also the model's {@code ${callOffers.taken(execution)}} listener: the offer
 * ends as Taken once the PBX dialed the customer.
 */
@Component("callOffers")
public class CallOfferRepository {

    private final JdbcClient jdbc;
    private final Clock clock;

    CallOfferRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Execution listener: the offer of this call, if one is open, was taken up. */
    public void taken(DelegateExecution execution) {
        end(UUID.fromString(execution.getProcessBusinessKey()), OfferOutcome.Taken, OffsetDateTime.now(clock));
    }

    /** Ends the call's open offer; false when none was open (already ended, or a call never offered). */
    public boolean end(UUID callId, OfferOutcome outcome, OffsetDateTime now) {
        return jdbc.sql("""
                update call_offer set outcome = :outcome, ended_at = :now where call_id = :call and ended_at is null
                """)
                .param("call", callId).param("outcome", outcome.name()).param("now", now).update() > 0;
    }

    /** The agent of the call's open offer. */
    public Optional<UUID> openOfferAgent(UUID callId) {
        return jdbc.sql("select agent_id from call_offer where call_id = :call and ended_at is null")
                .param("call", callId).query(UUID.class).optional();
    }

    /** The call's open offer. */
    public Optional<UUID> openOfferId(UUID callId) {
        return jdbc.sql("select id from call_offer where call_id = :call and ended_at is null")
                .param("call", callId).query(UUID.class).optional();
    }

    /** How the call's last offer ended; empty while it is open or when the call was never offered. */
    public Optional<OfferOutcome> lastOutcome(UUID callId) {
        return jdbc.sql("""
                select outcome from call_offer where call_id = :call and ended_at is not null
                order by ended_at desc fetch first 1 rows only
                """)
                .param("call", callId).query(String.class).optional().map(OfferOutcome::valueOf);
    }
}
