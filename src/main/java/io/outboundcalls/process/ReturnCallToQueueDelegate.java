package io.outboundcalls.process;

import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.agent.Workplace;
import io.outboundcalls.agent.WorkplaceRepository;
import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.campaign.Project;
import io.outboundcalls.campaign.ProjectRepository;
import io.outboundcalls.distribution.CallOfferRepository;
import io.outboundcalls.distribution.OfferOutcome;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Return the call to the queue": the agent did not take the offer up (refused it, did not answer, went on pause).
 * The offer ends with that outcome, the agent's line is free again but the workplace's "Agent blocked [s]" holds
 * further offers back, and the call is Neglected once the project's max offer attempts are used up. A lost line
 * (outcome Lost) is nobody's refusal: the call goes back as if it had not been offered.
 */
@Component("returnCallToQueue")
class ReturnCallToQueueDelegate implements JavaDelegate {

    private final OutboundCallRepository calls;
    private final ProjectRepository projects;
    private final AgentRepository agents;
    private final WorkplaceRepository workplaces;
    private final CallOfferRepository offers;
    private final Clock clock;

    ReturnCallToQueueDelegate(OutboundCallRepository calls, ProjectRepository projects, AgentRepository agents,
            WorkplaceRepository workplaces, CallOfferRepository offers, Clock clock) {
        this.calls = calls;
        this.projects = projects;
        this.agents = agents;
        this.workplaces = workplaces;
        this.offers = offers;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID callId = CallExecutions.callId(execution);
        OffsetDateTime now = OffsetDateTime.now(clock);
        Object outcomeName = execution.getVariable(CallVariables.OFFER_OUTCOME);
        OfferOutcome outcome = outcomeName == null ? OfferOutcome.NoAnswer
                : OfferOutcome.valueOf(outcomeName.toString());
        offers.end(callId, outcome, now);
        execution.setVariable(CallVariables.OFFER_OUTCOME, null);

        UUID agentId = CallExecutions.agentId(execution);
        if (outcome == OfferOutcome.Lost) {
            // nobody refused anything: the offer does not count and the agent is not held back
            calls.uncountOffer(callId, now);
            if (agentId != null) {
                agents.releaseLine(agentId, callId, now);
            }
            execution.setVariable(CallVariables.OFFERS_EXHAUSTED, false);
            return;
        }
        if (agentId != null) {
            agents.releaseLine(agentId, callId, now);
            agents.find(agentId)
                    .map(agent -> agent.workplaceId())
                    .flatMap(workplaces::find)
                    .map(Workplace::agentBlockedSeconds)
                    .filter(seconds -> seconds > 0)
                    .ifPresent(seconds -> agents.blockUntil(agentId, now.plusSeconds(seconds), now));
        }
        OutboundCall call = calls.find(callId).orElseThrow();
        Optional<Project> project = Optional.ofNullable(call.projectId()).flatMap(projects::find);
        execution.setVariable(CallVariables.OFFERS_EXHAUSTED,
                project.map(p -> call.offerCount() >= p.maxOfferAttempts()).orElse(false));
    }
}
