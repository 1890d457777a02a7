package io.outboundcalls.call;

import io.outboundcalls.agent.ActingAgent;
import io.outboundcalls.agent.Agent;
import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.call.CallReferences.Reference;
import io.outboundcalls.call.CallResolver.ResolvedCall;
import io.outboundcalls.campaign.OutboundList;
import io.outboundcalls.campaign.OutboundListRepository;
import io.outboundcalls.campaign.Project;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.domain.NotPermittedException;
import io.outboundcalls.domain.StateConflictException;
import io.outboundcalls.domain.UnknownRecordException;
import io.outboundcalls.phone.PhoneNumberNormalizer;
import io.outboundcalls.system.ConfigParameters;
import io.outboundcalls.web.CurrentUser;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Validates and resolves (through {@link CallResolver}) a new project call or callback, writes its row and starts its
 * process instance in one transaction: either both exist or neither does.
 */
@Service
public class CallIntake {

    public static final int MAX_CALL_KEY_LENGTH = 48;

    private final OutboundCallRepository calls;
    private final OutboundListRepository lists;
    private final AgentRepository agents;
    private final ActingAgent actingAgent;
    private final CallReferences references;
    private final CallResolver resolver;
    private final PhoneNumberNormalizer normalizer;
    private final CallLifecycle lifecycle;
    private final ConfigParameters config;
    private final Clock clock;

    CallIntake(OutboundCallRepository calls, OutboundListRepository lists,
            CallReferences references, CallResolver resolver, PhoneNumberNormalizer normalizer,
            CallLifecycle lifecycle, ConfigParameters config, Clock clock, ActingAgent actingAgent,
            AgentRepository agents) {
        this.actingAgent = actingAgent;
        this.agents = agents;
        this.calls = calls;
        this.lists = lists;
        this.references = references;
        this.resolver = resolver;
        this.normalizer = normalizer;
        this.lifecycle = lifecycle;
        this.config = config;
        this.clock = clock;
    }

    @Transactional
    public OutboundCall createProjectCall(NewCallRequest request, CurrentUser user, CallOrigin origin) {
        return create(request, user, origin, CallType.Project, null, null);
    }

    /**
     * The bar web URL with an outbound list (the seed's "create and dial a call … created directly in the database",
     * the list "for reporting purposes"): the agent's own call, dialed at once from their extension like a private
     * call, but recorded as a project call of that list, so the project's caller ID, result bar and post-call pause
     * apply. It is never queued: a Paused list or manual scheduling does not hold it. The agent's line must be free.
     */
    @Transactional
    OutboundCall dialProjectCallForAgent(NewCallRequest request, Agent agent, CurrentUser user, CallOrigin origin) {
        return create(request, user, origin, CallType.Project, null, agent);
    }

    /**
     * A callback (the seed's "creating a callback after a queued call is terminated (LostShift)" and "by scheduling in
     * the IVR"): a project call of type Callback, due at the requested time (now when none is given). A LostShift
     * callback waits for an agent (or in Manual for its dispatch) only within LostShiftWindow from the moment the
     * call was lost ({@code lostAt}, default now); a requested time after that would never be dialed, so it is
     * refused.
     */
    @Transactional
    public OutboundCall createCallback(NewCallRequest request, CallbackSource source, OffsetDateTime lostAt,
            CurrentUser user) {
        OffsetDateTime deadline = null;
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (lostAt != null && source != CallbackSource.LostShift) {
            throw new InvalidInputException("lostAt", "is the moment a lost call was lost: only for source LostShift");
        }
        if (lostAt != null && lostAt.isAfter(now)) {
            throw new InvalidInputException("lostAt", "is in the future; the call was lost at or before now");
        }
        if (source == CallbackSource.LostShift) {
            deadline = (lostAt != null ? lostAt : now).plus(config.lostShiftWindow());
            if (request.scheduleTime() != null && request.scheduleTime().isAfter(deadline)) {
                throw new InvalidInputException("requestedTime", "is after the end of the lost-shift window ("
                        + deadline + ", LostShiftWindow " + config.lostShiftWindow() + "); the callback would be"
                        + " Neglected before it is due");
            }
        }
        return create(request, user, CallbackSource.originOf(source), CallType.Callback, deadline, null);
    }

    /** @param dialingAgent the agent whose own call this is, dialed at once; null for a call that waits its turn */
    private OutboundCall create(NewCallRequest request, CurrentUser user, CallOrigin origin, CallType callType,
            OffsetDateTime lostShiftDeadline, Agent dialingAgent) {
        ResolvedCall resolved = resolver.resolve(request, user, CallResolver.Kind.CALL);
        // here, not in the resolver: the editor's draft may show a call for another agent, saving it is the act
        actingAgent.requireMayActFor(user, request.agentId());
        if (request.timeFrom() != null && request.timeTo() != null && !request.timeFrom().isBefore(request.timeTo())) {
            throw new InvalidInputException("timeTo", "must be later than timeFrom");
        }

        OffsetDateTime now = OffsetDateTime.now(clock);
        Project project = resolved.project();
        CallPhase phase = dialingAgent != null ? CallPhase.Dialing
                : project.manualScheduling() ? CallPhase.Manual : CallPhase.Enqueue;
        OutboundCall call = new OutboundCall(
                UUID.randomUUID(), callType, phase,
                dialingAgent != null ? CallResult.Prepared : CallResult.Scheduled, null, null,
                resolved.listId(), project.id(), resolved.languageId(),
                resolved.contactId(), resolved.issueId(), resolved.phoneNumberId(), resolved.messageId(),
                resolved.chatId(), resolved.number(), resolved.dialedNumber(),
                dialingAgent != null ? dialingAgent.id() : resolved.agentId(),
                dialingAgent != null ? dialingAgent.workplaceId() : null,
                dialingAgent == null && resolved.predistributed(),
                request.priority() != null ? request.priority() : project.defaultPriority(),
                request.scheduleTime() != null ? request.scheduleTime() : now,
                request.timeFrom(), request.timeTo(),
                0, 0, resolved.callKey(), origin, null, null, null,
                null, null, null, null, null, now, now);
        try {
            calls.insert(call);
        } catch (DuplicateKeyException e) {
            throw new StateConflictException("outbound list " + call.outboundListId()
                    + " already has a call with callKey '"
                    + call.callKey() + "'");
        }
        if (dialingAgent != null) {
            if (!agents.occupyLine(dialingAgent.id(), call.id(), now)) {
                // the row is rolled back with the transaction
                throw new StateConflictException("agent " + dialingAgent.login() + " is on another call; their"
                        + " line is busy");
            }
            // never offered, so the lifecycle learns the agent of its result task here
            lifecycle.start(call, null, dialingAgent.login());
        } else {
            lifecycle.start(call, lostShiftDeadline, null);
        }
        return calls.find(call.id()).orElseThrow();
    }

    /**
     * When a lost-call callback that came in as a row (SQL, CSV) stops waiting: LostShiftWindow after the row was
     * written, the moment its call was lost; null for any other call.
     */
    public OffsetDateTime lostShiftDeadlineOf(OutboundCall row) {
        return row.origin() == CallOrigin.LostShift ? row.createdAt().plus(config.lostShiftWindow()) : null;
    }

    /**
     * Takes up a row an integrator wrote into outbound_call (the seed's "direct modification of the database"): the
     * number normalized, a project call's project taken from its list. Throws when the row cannot become a call.
     * Runs in the caller's transaction, which records the rejection when it throws.
     */
    public OutboundCall acceptSqlRow(OutboundCall row) {
        // a Visitor at the counter may have no phone number (V6 allows it only for them)
        String number = row.callType() == CallType.Visitor && row.number() == null ? null
                : normalizer.normalize("number", row.number());
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

    /**
     * PATCH /api/calls/{id}: the scheduling of a call that still waits (Manual or Enqueue). A call of another agent,
     * or one given to another agent, is a supervisor's business.
     */
    @Transactional
    public OutboundCall change(UUID callId, CallChanges changes, CurrentUser user) {
        OutboundCall call = calls.lockForUpdate(callId).orElseThrow(() -> new UnknownRecordException("call", callId));
        actingAgent.requireMayActFor(user, call.agentId());
        if (call.callPhase() != CallPhase.Manual && call.callPhase() != CallPhase.Enqueue) {
            throw new StateConflictException("call " + callId + " is in phase " + call.callPhase()
                    + "; only calls in phase Manual or Enqueue can be changed");
        }
        OffsetDateTime scheduleTime = changes.scheduleTime() == null ? call.scheduleTime()
                : changes.scheduleTime().orElseThrow();
        OffsetDateTime timeFrom = changes.timeFrom() == null ? call.timeFrom() : changes.timeFrom().orElse(null);
        OffsetDateTime timeTo = changes.timeTo() == null ? call.timeTo() : changes.timeTo().orElse(null);
        int priority = changes.priority() == null ? call.priority() : changes.priority().orElseThrow();
        UUID agentId = changes.agentId() == null ? call.agentId() : changes.agentId().orElse(null);
        actingAgent.requireMayActFor(user, agentId);
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
}
