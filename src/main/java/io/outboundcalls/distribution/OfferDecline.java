package io.outboundcalls.distribution;

import io.outboundcalls.agent.Agent;
import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.call.CallLifecycle;
import io.outboundcalls.call.CallPhase;
import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.domain.StateConflictException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An agent does not take up the call offered to them: they refuse it, or leave the Ready status while it rings.
 * The offer ends with that outcome, the PBX drops the line if it was dialed, and the call's lifecycle puts it back in
 * the queue a moment later.
 */
@Component
public class OfferDecline {

    /** Until the customer answers, the agent may still turn the call down. */
    private static final Set<CallPhase> DECLINABLE = EnumSet.of(CallPhase.Offered, CallPhase.Dialing);

    private final AgentRepository agents;
    private final OutboundCallRepository calls;
    private final CallOfferRepository offers;
    private final CallLifecycle lifecycle;
    private final TransactionTemplate transaction;
    private final Clock clock;

    OfferDecline(AgentRepository agents, OutboundCallRepository calls, CallOfferRepository offers,
            CallLifecycle lifecycle, PlatformTransactionManager transactionManager, Clock clock) {
        this.agents = agents;
        this.calls = calls;
        this.offers = offers;
        this.lifecycle = lifecycle;
        this.transaction = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** The agent refuses the call offered to them; 409 when nothing is offered or the customer already answered. */
    public OutboundCall reject(Agent agent) {
        UUID callId = Optional.ofNullable(agent.currentCallId())
                .orElseThrow(() -> new StateConflictException("no call is offered to agent " + agent.login()));
        return decline(callId, agent.id(), OfferOutcome.Rejected)
                .orElseThrow(() -> new StateConflictException("call " + callId + " is no longer offered to "
                        + agent.login() + ": the customer answered or the call ended"));
    }

    /** The agent left the Ready status: an offer still ringing comes back to the queue. */
    public void agentLeftReady(UUID agentId) {
        agents.find(agentId).map(Agent::currentCallId)
                .ifPresent(callId -> decline(callId, agentId, OfferOutcome.AgentPaused));
    }

    /**
     * Ends the offer with the agent's outcome and hands the call back to its lifecycle, all under the call's row lock,
     * so the dial job either sees the offer ended or has dialed already and sees the call Dialing.
     */
    private Optional<OutboundCall> decline(UUID callId, UUID agentId, OfferOutcome outcome) {
        return transaction.execute(tx -> {
            Optional<OutboundCall> call = calls.lockForUpdate(callId)
                    .filter(c -> DECLINABLE.contains(c.callPhase()) && agentId.equals(c.agentId()));
            if (call.isEmpty() || !offers.end(callId, outcome, OffsetDateTime.now(clock))) {
                return Optional.empty();
            }
            lifecycle.offerDeclined(call.get());
            return call;
        });
    }
}
