package io.outboundcalls.distribution;

import io.outboundcalls.call.CallLifecycle;
import io.outboundcalls.call.CallPhase;
import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.domain.StateConflictException;
import io.outboundcalls.domain.UnknownRecordException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The seed's manual dispatch: calls waiting in Manual are released to distribution (Enqueue), optionally
 * predistributed to an agent, as the bulk action "Schedule outbound calls" does. All of a request's calls are
 * released together or none is.
 */
@Component
public class ManualDispatch {

    static final int MAX_CALLS_PER_REQUEST = 1000;

    private final OutboundCallRepository calls;
    private final CallLifecycle lifecycle;
    private final JdbcClient jdbc;
    private final Clock clock;

    ManualDispatch(OutboundCallRepository calls, CallLifecycle lifecycle, JdbcClient jdbc, Clock clock) {
        this.calls = calls;
        this.lifecycle = lifecycle;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public List<OutboundCall> enqueue(List<UUID> ids, UUID agentId) {
        if (ids == null || ids.isEmpty()) {
            throw new InvalidInputException("ids", "at least one call id is required");
        }
        if (ids.size() > MAX_CALLS_PER_REQUEST) {
            throw new InvalidInputException("ids", "at most " + MAX_CALLS_PER_REQUEST + " calls per request");
        }
        if (ids.stream().anyMatch(Objects::isNull)) {
            throw new InvalidInputException("ids", "contains an empty id");
        }
        if (agentId != null && jdbc.sql("select count(*) from agent where id = :id").param("id", agentId)
                .query(Long.class).single() == 0) {
            throw new InvalidInputException("agentId", "no agent with id " + agentId);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<OutboundCall> released = new ArrayList<>();
        for (UUID id : new LinkedHashSet<>(ids)) {
            OutboundCall call = calls.lockForUpdate(id).orElseThrow(() -> new UnknownRecordException("call", id));
            if (call.callPhase() != CallPhase.Manual || !CallPhase.Manual.name().equals(call.processPhase())) {
                throw new StateConflictException("call " + id + " is in phase " + call.callPhase()
                        + "; only calls in phase Manual can be enqueued");
            }
            calls.releaseToEnqueue(id, agentId, now);
            lifecycle.enqueued(id);
        }
        for (UUID id : new LinkedHashSet<>(ids)) {
            released.add(calls.find(id).orElseThrow());
        }
        return released;
    }
}
