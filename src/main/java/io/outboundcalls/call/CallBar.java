package io.outboundcalls.call;

import io.outboundcalls.agent.ActingAgent;
import io.outboundcalls.agent.Agent;
import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.agent.Workplace;
import io.outboundcalls.agent.WorkplaceRepository;
import io.outboundcalls.call.CallReferences.Reference;
import io.outboundcalls.campaign.Project;
import io.outboundcalls.campaign.ProjectRepository;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.pbx.OriginateRequest;
import io.outboundcalls.pbx.PbxGateway;
import io.outboundcalls.phone.PhoneNumberNormalizer;
import io.outboundcalls.system.ConfigParameters;
import io.outboundcalls.web.CurrentUser;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * "Create and dial a call" from the agent's call bar or the bar web URL. With an outbound list, the bar web URL dials a
 * project call of that list at once for the agent (the seed's list is "for reporting purposes": the call is the
 * agent's own, never queued), while the call bar makes a project call of that list predistributed to the agent so
 * that it goes to them first. Without a list it is a private call, dialed at
 * once, and logged (a row in outbound_call with its process) only when PrivateCallsOnBarAction (call bar) or
 * PrivateCallsOnWebAction (bar web URL) is true. An unlogged private call leaves no trace in the engine, as in the
 * seed: it goes straight to the PBX port under a fresh reference that no row or process knows, so the PBX's events for
 * it find no instance and are dropped; the agent's line is not marked busy for it.
 */
@Component
class CallBar {

    private static final Logger LOG = LoggerFactory.getLogger(CallBar.class);

    private final CallIntake intake;
    private final ActingAgent actingAgent;
    private final AgentCalls agentCalls;
    private final AgentRepository agents;
    private final WorkplaceRepository workplaces;
    private final ProjectRepository projects;
    private final CallReferences references;
    private final PhoneNumberNormalizer normalizer;
    private final ConfigParameters config;
    private final PbxGateway pbx;

    CallBar(CallIntake intake, AgentCalls agentCalls, AgentRepository agents, WorkplaceRepository workplaces,
            ProjectRepository projects, CallReferences references, PhoneNumberNormalizer normalizer,
            ConfigParameters config, PbxGateway pbx, ActingAgent actingAgent) {
        this.intake = intake;
        this.actingAgent = actingAgent;
        this.agentCalls = agentCalls;
        this.agents = agents;
        this.workplaces = workplaces;
        this.projects = projects;
        this.references = references;
        this.normalizer = normalizer;
        this.config = config;
        this.pbx = pbx;
    }

    /** A call to dial; the ids other than the list and the agent are kept for reporting. */
    record BarCall(String number, UUID outboundListId, UUID agentId, UUID projectId, UUID languageId, UUID issueId,
            UUID contactId, String callKey, String seq) {
    }

    /** The reply of the call bar and the bar web URL; callId is null for a private call that is not logged. */
    record BarReply(String seq, UUID callId, CallType callType, String number) {
    }

    /** @param origin Bar (the call bar) or Web (the bar web URL): which parameter decides whether to log */
    @Transactional
    BarReply dial(BarCall bar, CurrentUser user, CallOrigin origin) {
        if (bar.outboundListId() != null && origin == CallOrigin.Web) {
            Agent agent = agentOf(bar, user);
            actingAgent.requireMayActFor(user, agent.id());
            OutboundCall call = intake.dialProjectCallForAgent(new NewCallRequest(bar.number(), false, null,
                    bar.callKey(), bar.issueId(), null, bar.projectId(), bar.outboundListId(), bar.languageId(),
                    bar.contactId(), null, null, null, null, null, null, null, null), agent, user, origin);
            return new BarReply(bar.seq(), call.id(), call.callType(), call.number());
        }
        if (bar.outboundListId() != null) {
            UUID agentId = bar.agentId() != null ? bar.agentId()
                    : agents.findByLogin(user.login()).map(Agent::id).orElse(null);
            OutboundCall call = intake.createProjectCall(new NewCallRequest(bar.number(), agentId != null, agentId,
                    bar.callKey(), bar.issueId(), null, bar.projectId(), bar.outboundListId(), bar.languageId(),
                    bar.contactId(), null, null, null, null, null, null, null, null), user, origin);
            return new BarReply(bar.seq(), call.id(), call.callType(), call.number());
        }

        String number = normalizer.normalize("number", bar.number());
        String callKey = bar.callKey() == null || bar.callKey().isBlank() ? null : bar.callKey().strip();
        if (callKey != null && callKey.length() > CallIntake.MAX_CALL_KEY_LENGTH) {
            throw new InvalidInputException("callKey", "is " + callKey.length() + " characters long; at most "
                    + CallIntake.MAX_CALL_KEY_LENGTH + " are allowed");
        }
        Agent agent = agentOf(bar, user);
        actingAgent.requireMayActFor(user, agent.id());
        Project project = bar.projectId() == null ? null : projects.find(bar.projectId()).orElseThrow(() ->
                new InvalidInputException("projectId", "no project with id " + bar.projectId()));
        references.requireExisting(Reference.LANGUAGE, bar.languageId());
        references.requireExisting(Reference.ISSUE, bar.issueId());
        references.requireExisting(Reference.CONTACT, bar.contactId());

        boolean logged = origin == CallOrigin.Web ? config.privateCallsOnWebAction() : config.privateCallsOnBarAction();
        if (logged) {
            OutboundCall call = agentCalls.dialPrivate(agent, new AgentCalls.Details(number, bar.number().strip(),
                    null, bar.projectId(), bar.languageId(), bar.contactId(), bar.issueId(), null, null, null,
                    callKey, null), origin);
            return new BarReply(bar.seq(), call.id(), CallType.Private, number);
        }
        String reference = UUID.randomUUID().toString();
        String extension = agent.workplaceId() == null ? null
                : workplaces.find(agent.workplaceId()).map(Workplace::extension).orElse(null);
        LOG.info("Unlogged private call of agent {} to {} (PBX reference {})", agent.login(), number, reference);
        pbx.originate(new OriginateRequest(extension, number, project == null ? null : project.callerId(), reference));
        return new BarReply(bar.seq(), null, CallType.Private, number);
    }

    /** The agent whose extension rings: AgentId, else the authenticated agent. */
    private Agent agentOf(BarCall bar, CurrentUser user) {
        return bar.agentId() != null
                ? agents.find(bar.agentId()).orElseThrow(() ->
                        new InvalidInputException("agentId", "no agent with id " + bar.agentId()))
                : agents.findByLogin(user.login()).orElseThrow(() ->
                        new InvalidInputException("agentId", "a call from the bar rings the extension of the agent"
                                + " who makes it; " + user.login() + " is not an agent, so agentId is required"));
    }
}
