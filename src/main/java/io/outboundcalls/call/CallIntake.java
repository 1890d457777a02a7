package io.outboundcalls.call;

import io.outboundcalls.agent.Agent;
import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.call.CallReferences.Reference;
import io.outboundcalls.campaign.OutboundList;
import io.outboundcalls.campaign.OutboundListRepository;
import io.outboundcalls.campaign.Project;
import io.outboundcalls.campaign.ProjectRepository;
import io.outboundcalls.process.CallProcess;
import io.outboundcalls.web.CurrentUser;
import io.outboundcalls.web.ConflictException;
import io.outboundcalls.web.ForbiddenException;
import io.outboundcalls.web.InvalidInputException;
import io.outboundcalls.web.NotFoundException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Validates and resolves a new project call, writes its row and starts its process instance in one transaction:
 * either both exist or neither does.
 */
@Service
public class CallIntake {

    public static final int MAX_CALL_KEY_LENGTH = 48;

    private final OutboundCallRepository calls;
    private final OutboundListRepository lists;
    private final ProjectRepository projects;
    private final AgentRepository agents;
    private final CallReferences references;
    private final PhoneNumberNormalizer normalizer;
    private final CallProcess callProcess;
    private final Clock clock;

    CallIntake(OutboundCallRepository calls, OutboundListRepository lists, ProjectRepository projects,
            AgentRepository agents, CallReferences references, PhoneNumberNormalizer normalizer,
            CallProcess callProcess, Clock clock) {
        this.calls = calls;
        this.lists = lists;
        this.projects = projects;
        this.agents = agents;
        this.references = references;
        this.normalizer = normalizer;
        this.callProcess = callProcess;
        this.clock = clock;
    }

    /** The AllowWrite permission of the seed: from the agent record; administrators have it. */
    public void requireAllowWrite(CurrentUser user) {
        if (user.isAdmin()) {
            return;
        }
        boolean allowed = agents.findByLogin(user.login()).map(Agent::allowWrite).orElse(false);
        if (!allowed) {
            throw new ForbiddenException("user " + user.login() + " lacks the AllowWrite permission");
        }
    }

    @Transactional
    public OutboundCall createProjectCall(NewCallRequest request, CurrentUser user, CallOrigin origin) {
        requireAllowWrite(user);
        String number = normalizer.normalize("number", request.number());
        requireCallKeyFits(request.callKey());

        OutboundList list = resolveList(request);
        Project project = projects.find(list.projectId()).orElseThrow();
        UUID agentId = resolveAgent(request, user);
        references.requireExisting(Reference.LANGUAGE, request.languageId());
        references.requireExisting(Reference.CONTACT, request.contactId());
        references.requireExisting(Reference.ISSUE, request.issueId());
        references.requireExisting(Reference.PHONE_NUMBER, request.phoneNumberId());
        references.requireExisting(Reference.MESSAGE, request.messageId());
        references.requireExisting(Reference.CHAT, request.chatId());
        if (request.timeFrom() != null && request.timeTo() != null && !request.timeFrom().isBefore(request.timeTo())) {
            throw new InvalidInputException("timeTo", "must be later than timeFrom");
        }

        OffsetDateTime now = OffsetDateTime.now(clock);
        OutboundCall call = new OutboundCall(
                UUID.randomUUID(), CallType.Project,
                project.manualScheduling() ? CallPhase.Manual : CallPhase.Enqueue,
                CallResult.Scheduled, null, null,
                list.id(), project.id(),
                request.languageId() != null ? request.languageId() : list.languageId(),
                request.contactId(), request.issueId(), request.phoneNumberId(), request.messageId(), request.chatId(),
                number, request.number().strip(),
                agentId, null, Boolean.TRUE.equals(request.predist()),
                request.priority() != null ? request.priority() : project.defaultPriority(),
                request.scheduleTime() != null ? request.scheduleTime() : now,
                request.timeFrom(), request.timeTo(),
                0, 0, request.callKey(), origin, null, null, null,
                null, null, null, null, null, now, now);
        calls.insert(call);
        callProcess.start(call, CallProcess.startPhaseOf(call), null);
        return calls.find(call.id()).orElseThrow();
    }

    /**
     * Takes up a row an integrator wrote into outbound_call (the seed's "direct modification of the database"): the
     * number normalized, a project call's project taken from its list. Throws when the row cannot become a call.
     * Runs in the caller's transaction, which records the rejection when it throws.
     */
    public OutboundCall acceptSqlRow(OutboundCall row) {
        String number = normalizer.normalize("number", row.number());
        String dialed = row.dialedNumber() != null ? row.dialedNumber() : row.number();
        UUID projectId = row.projectId();
        switch (row.callType()) {
            case Project, Callback -> {
                if (row.outboundListId() == null) {
                    throw new InvalidInputException("outbound_list_id", "a " + row.callType()
                            + " call needs an outbound list");
                }
                OutboundList list = lists.find(row.outboundListId()).orElseThrow();
                if (projectId == null) {
                    projectId = list.projectId();
                } else if (!projectId.equals(list.projectId())) {
                    throw new InvalidInputException("project_id", "project " + projectId
                            + " is not the project of outbound list " + list.id());
                }
            }
            case Private, Visitor -> {
                if (row.agentId() == null) {
                    throw new InvalidInputException("agent_id", "a " + row.callType()
                            + " call needs the agent who makes it");
                }
            }
        }
        calls.completeSqlRow(row.id(), number, dialed, projectId);
        return calls.find(row.id()).orElseThrow();
    }

    /** PATCH /api/calls/{id}: the scheduling of a call that still waits (Manual or Enqueue). */
    @Transactional
    public OutboundCall change(UUID callId, CallChanges changes, CurrentUser user) {
        requireAllowWrite(user);
        OutboundCall call = calls.lockForUpdate(callId).orElseThrow(() -> new NotFoundException("call", callId));
        if (call.callPhase() != CallPhase.Manual && call.callPhase() != CallPhase.Enqueue) {
            throw new ConflictException("call " + callId + " is in phase " + call.callPhase()
                    + "; only calls in phase Manual or Enqueue can be changed");
        }
        OffsetDateTime scheduleTime = changes.scheduleTime() == null ? call.scheduleTime()
                : changes.scheduleTime().orElseThrow();
        OffsetDateTime timeFrom = changes.timeFrom() == null ? call.timeFrom() : changes.timeFrom().orElse(null);
        OffsetDateTime timeTo = changes.timeTo() == null ? call.timeTo() : changes.timeTo().orElse(null);
        int priority = changes.priority() == null ? call.priority() : changes.priority().orElseThrow();
        UUID agentId = changes.agentId() == null ? call.agentId() : changes.agentId().orElse(null);
        boolean predistributed = changes.predist() == null ? call.predistributed() : changes.predist().orElseThrow();
        references.requireExisting(Reference.AGENT, agentId);
        if (predistributed && agentId == null) {
            throw new InvalidInputException("agentId", "a predistributed call needs an agent");
        }
        if (timeFrom != null && timeTo != null && !timeFrom.isBefore(timeTo)) {
            throw new InvalidInputException("timeTo", "must be later than timeFrom");
        }
        calls.changeScheduling(callId, scheduleTime, timeFrom, timeTo, priority, agentId, predistributed,
                OffsetDateTime.now(clock));
        return calls.find(callId).orElseThrow();
    }

    private static void requireCallKeyFits(String callKey) {
        if (callKey != null && callKey.length() > MAX_CALL_KEY_LENGTH) {
            throw new InvalidInputException("callKey",
                    "is " + callKey.length() + " characters long; at most " + MAX_CALL_KEY_LENGTH + " are allowed");
        }
    }

    private OutboundList resolveList(NewCallRequest request) {
        if (request.outboundListId() != null) {
            OutboundList list = lists.find(request.outboundListId()).orElseThrow(() ->
                    new InvalidInputException("outboundListId", "no outbound list with id " + request.outboundListId()));
            if (request.projectId() != null && !request.projectId().equals(list.projectId())) {
                throw new InvalidInputException("projectId",
                        "project " + request.projectId() + " is not the project of outbound list " + list.id());
            }
            return list;
        }
        if (request.projectId() != null) {
            projects.find(request.projectId()).orElseThrow(() ->
                    new InvalidInputException("projectId", "no project with id " + request.projectId()));
            return lists.findFirstRunning(request.projectId()).orElseThrow(() ->
                    new InvalidInputException("projectId",
                            "project " + request.projectId() + " has no Running outbound list"));
        }
        throw new InvalidInputException("outboundListId", "either outboundListId or projectId is required");
    }

    private UUID resolveAgent(NewCallRequest request, CurrentUser user) {
        references.requireExisting(Reference.AGENT, request.agentId());
        if (!Boolean.TRUE.equals(request.predist())) {
            return request.agentId();
        }
        if (request.agentId() != null) {
            return request.agentId();
        }
        Optional<Agent> self = agents.findByLogin(user.login());
        return self.map(Agent::id).orElseThrow(() ->
                new InvalidInputException("agentId", "a predistributed call needs an agent, and "
                        + user.login() + " is not one"));
    }
}
