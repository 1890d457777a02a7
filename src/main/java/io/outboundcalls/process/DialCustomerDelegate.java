package io.outboundcalls.process;

import io.outboundcalls.agent.Agent;
import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.agent.Workplace;
import io.outboundcalls.agent.WorkplaceRepository;
import io.outboundcalls.call.CallType;
import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.campaign.Project;
import io.outboundcalls.campaign.ProjectRepository;
import io.outboundcalls.distribution.CallOfferRepository;
import io.outboundcalls.pbx.OriginateRequest;
import io.outboundcalls.pbx.PbxDials;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Dial the customer": requests the attempt (reference {@code callId:attempt}) that rings the agent's extension and
 * then the customer, with the project's caller ID, in the transaction that gives the call its agent (the offer, or the
 * start of a private call). The PBX gets it only once that transaction has committed
 * ({@link PbxDials}); what the PBX then reports, a refusal included, comes back through the event inbox.
 */
@Component("dialCustomer")
class DialCustomerDelegate implements JavaDelegate {

    private static final Logger LOG = LoggerFactory.getLogger(DialCustomerDelegate.class);

    private final OutboundCallRepository calls;
    private final AgentRepository agents;
    private final WorkplaceRepository workplaces;
    private final ProjectRepository projects;
    private final PbxDials dials;
    private final CallOfferRepository offers;

    DialCustomerDelegate(OutboundCallRepository calls, AgentRepository agents, WorkplaceRepository workplaces,
            ProjectRepository projects, PbxDials dials, CallOfferRepository offers) {
        this.offers = offers;
        this.calls = calls;
        this.agents = agents;
        this.workplaces = workplaces;
        this.projects = projects;
        this.dials = dials;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID callId = CallExecutions.callId(execution);
        // the Dialing phase, entered just before this (callPhaseMirror), counted the new attempt; its write took the
        // call's row lock, so a decline either committed before this reads the offer, or waits and finds the call
        // Dialing
        OutboundCall call = calls.find(callId).orElseThrow();
        int attempt = call.attempt();
        clearOutcomeOfPreviousAttempt(execution);
        String extension = extensionOf(CallExecutions.agentId(execution));
        String callerId = call.projectId() == null ? null
                : projects.find(call.projectId()).map(Project::callerId).orElse(null);
        OriginateRequest request = new OriginateRequest(extension, call.number(), callerId,
                PbxDials.reference(callId, attempt));
        // a call dialed for its own agent (private, or a project call from the bar web URL) was never offered; an
        // offered call without an open offer was declined before its dial
        if (call.callType() != CallType.Private && offers.openOfferAgent(callId).isEmpty()
                && offers.lastOutcome(callId).isPresent()) {
            LOG.info("Call {} not dialed: its offer was declined before the dial", callId);
            dials.withdraw(callId, attempt, request);
            return;
        }
        dials.request(callId, attempt, request);
    }

    private String extensionOf(UUID agentId) {
        if (agentId == null) {
            return null;
        }
        return agents.find(agentId)
                .map(Agent::workplaceId)
                .flatMap(workplaces::find)
                .map(Workplace::extension)
                .orElse(null);
    }

    /**
     * Only an earlier attempt leaves an outcome, and its rows are removed rather than kept as nulls: the result
     * decision's start listener gives the missing inputs as transient nulls.
     */
    private static void clearOutcomeOfPreviousAttempt(DelegateExecution execution) {
        for (String name : CallVariables.OUTCOME) {
            if (execution.hasVariable(name)) {
                execution.removeVariable(name);
            }
        }
    }
}
