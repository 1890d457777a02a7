package io.outboundcalls.process;

import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.distribution.CallOfferRepository;
import io.outboundcalls.distribution.OfferOutcome;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Neglect the call": the engine stops trying to distribute it, as the seed's Neglected status says. An offer still
 * open (the lost-shift window closed while the call was being offered) is cancelled and the agent's line freed.
 */
@Component("neglectCall")
class NeglectCallDelegate implements JavaDelegate {

    private final OutboundCallRepository calls;
    private final CallOfferRepository offers;
    private final AgentRepository agents;
    private final Clock clock;

    NeglectCallDelegate(OutboundCallRepository calls, CallOfferRepository offers, AgentRepository agents, Clock clock) {
        this.calls = calls;
        this.offers = offers;
        this.agents = agents;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID callId = CallExecutions.callId(execution);
        OffsetDateTime now = OffsetDateTime.now(clock);
        offers.end(callId, OfferOutcome.Cancelled, now);
        agents.releaseLineOfCall(callId, now);
        calls.neglect(callId, now);
    }
}
