package io.outboundcalls.call;

import io.outboundcalls.agent.Agent;
import io.outboundcalls.agent.AgentRepository;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Calls an agent makes themselves, outside distribution: logged private calls (dialed at once) and Visitor records
 * (already talking). The row, the agent's line and the process instance are written in the caller's transaction.
 */
@Component
class AgentCalls {

    private final OutboundCallRepository calls;
    private final AgentRepository agents;
    private final CallLifecycle lifecycle;
    private final Clock clock;

    AgentCalls(OutboundCallRepository calls, AgentRepository agents, CallLifecycle lifecycle, Clock clock) {
        this.calls = calls;
        this.agents = agents;
        this.lifecycle = lifecycle;
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
        // these calls are never offered, so the lifecycle learns the agent of its result task here
        lifecycle.start(call, null, agent.login());
        return calls.find(call.id()).orElseThrow();
    }
}
