package io.outboundcalls.call;

import io.outboundcalls.agent.Agent;
import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.process.CallProcess;
import io.outboundcalls.process.CallVariables;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/**
 * Calls an agent makes themselves, outside distribution: logged private calls (dialed at once) and Visitor records
 * (already talking). The row, the agent's line and the process instance are written in the caller's transaction.
 */
@Component
class AgentCalls {

    private final OutboundCallRepository calls;
    private final AgentRepository agents;
    private final CallProcess callProcess;
    private final RuntimeService runtime;
    private final Clock clock;

    AgentCalls(OutboundCallRepository calls, AgentRepository agents, CallProcess callProcess, RuntimeService runtime,
            Clock clock) {
        this.calls = calls;
        this.agents = agents;
        this.callProcess = callProcess;
        this.runtime = runtime;
        this.clock = clock;
    }

    /** What a private call or Visitor record refers to, for reporting; number is null only for a Visitor. */
    record Details(String number, String dialedNumber, UUID outboundListId, UUID projectId, UUID languageId,
            UUID contactId, UUID issueId, UUID phoneNumberId, UUID messageId, UUID chatId, String callKey,
            String note) {
    }

    /** A private call, dialed at once: the process dials the agent's extension first, then the number. */
    OutboundCall dialPrivate(Agent agent, Details details, CallOrigin origin) {
        return start(agent, CallType.Private, CallPhase.Dialing, details, origin);
    }

    /** The seed's Visitor record: CallType Visitor, CallPhase AgentTalk, CallResult Prepared, the agent's workplace. */
    OutboundCall openVisit(Agent agent, Details details) {
        return start(agent, CallType.Visitor, CallPhase.AgentTalk, details, CallOrigin.Visitor);
    }

    private OutboundCall start(Agent agent, CallType type, CallPhase phase, Details d, CallOrigin origin) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OutboundCall call = new OutboundCall(
                UUID.randomUUID(), type, phase, CallResult.Prepared, null, null,
                d.outboundListId(), d.projectId(), d.languageId(), d.contactId(), d.issueId(), d.phoneNumberId(),
                d.messageId(), d.chatId(), d.number(), d.dialedNumber(),
                agent.id(), agent.workplaceId(), false, 0, now, null, null,
                0, 0, d.callKey(), origin, d.note(), null, null,
                null, null, null, null, null, now, now);
        calls.insert(call);
        agents.occupyLine(agent.id(), call.id(), now);
        ProcessInstance instance = callProcess.start(call, CallProcess.startPhaseOf(call), null);
        // The offer names the agent of a project call's result task; these calls are never offered, so the
        // instance learns its agent here (still waiting in this transaction: at the dial job or the talk).
        runtime.setVariable(instance.getId(), CallVariables.AGENT_LOGIN, agent.login());
        return calls.find(call.id()).orElseThrow();
    }
}
