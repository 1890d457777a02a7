package io.outboundcalls.distribution;

import io.outboundcalls.agent.Agent;
import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.call.CallPhase;
import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.pbx.PbxDials;
import io.outboundcalls.process.CallEventCorrelator;
import io.outboundcalls.process.CallMessages;
import io.outboundcalls.process.CallVariables;
import io.outboundcalls.web.ConflictException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * An agent does not take up the call offered to them: they refuse it, or leave the Ready status while it rings.
 * The offer ends with that outcome, the PBX drops the call, and the call's process puts it back in the queue.
 */
@Component
public class OfferDecline {

    /** Until the customer answers, the agent may still turn the call down. */
    private static final Set<CallPhase> DECLINABLE = EnumSet.of(CallPhase.Offered, CallPhase.Dialing);

    private final AgentRepository agents;
    private final OutboundCallRepository calls;
    private final CallOfferRepository offers;
    private final PbxDials dials;
    private final CallEventCorrelator correlator;
    private final Clock clock;

    OfferDecline(AgentRepository agents, OutboundCallRepository calls, CallOfferRepository offers, PbxDials dials,
            CallEventCorrelator correlator, Clock clock) {
        this.agents = agents;
        this.calls = calls;
        this.offers = offers;
        this.dials = dials;
        this.correlator = correlator;
        this.clock = clock;
    }

    /** The agent refuses the call offered to them; 409 when nothing is offered or the customer already answered. */
    public OutboundCall reject(Agent agent) {
        UUID callId = Optional.ofNullable(agent.currentCallId())
                .orElseThrow(() -> new ConflictException("no call is offered to agent " + agent.login()));
        return decline(callId, agent.id(), OfferOutcome.Rejected)
                .orElseThrow(() -> new ConflictException("call " + callId + " is no longer offered to "
                        + agent.login() + ": the customer answered or the call ended"));
    }

    /** The agent left the Ready status: an offer still ringing comes back to the queue. */
    public void agentLeftReady(UUID agentId) {
        agents.find(agentId).map(Agent::currentCallId)
                .ifPresent(callId -> decline(callId, agentId, OfferOutcome.AgentPaused));
    }

    private Optional<OutboundCall> decline(UUID callId, UUID agentId, OfferOutcome outcome) {
        Optional<OutboundCall> call = calls.find(callId)
                .filter(c -> DECLINABLE.contains(c.callPhase()) && agentId.equals(c.agentId()));
        if (call.isEmpty() || !offers.end(callId, outcome, OffsetDateTime.now(clock))) {
            return Optional.empty();
        }
        dials.hangUp(callId);
        correlator.deliver(callId, CallMessages.OFFER_DECLINED, Map.of(CallVariables.OFFER_OUTCOME, outcome.name()),
                () -> calls.find(callId).map(c -> DECLINABLE.contains(c.callPhase())).orElse(false));
        return calls.find(callId);
    }
}
