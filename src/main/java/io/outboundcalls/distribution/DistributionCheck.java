package io.outboundcalls.distribution;

import static io.outboundcalls.distribution.DistributionConditions.CAPACITY_FREE;
import static io.outboundcalls.distribution.DistributionConditions.IN_TIME_WINDOW;
import static io.outboundcalls.distribution.DistributionConditions.LANGUAGE;
import static io.outboundcalls.distribution.DistributionConditions.LINE_FREE;
import static io.outboundcalls.distribution.DistributionConditions.NOT_BLOCKED;
import static io.outboundcalls.distribution.DistributionConditions.NOT_NEGLECTED;
import static io.outboundcalls.distribution.DistributionConditions.OUTBOUND_LIST_RUNNING;
import static io.outboundcalls.distribution.DistributionConditions.PROCESS_WAITING_FOR_AGENT;
import static io.outboundcalls.distribution.DistributionConditions.PROJECT_SKILL;
import static io.outboundcalls.distribution.DistributionConditions.READY_ALLOWS_PREDISTRIBUTED;
import static io.outboundcalls.distribution.DistributionConditions.SCHEDULE_TIME_REACHED;
import static io.outboundcalls.distribution.DistributionConditions.STATUS_SCHEDULED_PHASE_ENQUEUE;

import io.outboundcalls.agent.ActivityType;
import io.outboundcalls.call.CallDecision;
import io.outboundcalls.call.CallDecisionHistory;
import io.outboundcalls.call.CallPhase;
import io.outboundcalls.call.CallResult;
import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.campaign.OutboundList;
import io.outboundcalls.campaign.OutboundListRepository;
import io.outboundcalls.campaign.OutboundListState;
import io.outboundcalls.campaign.Project;
import io.outboundcalls.campaign.ProjectRepository;
import io.outboundcalls.domain.UnknownRecordException;
import io.outboundcalls.system.ConfigParameters;
import io.outboundcalls.system.OutboundProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * "Why is this call not dialed?": every condition of the seed's "Common issues" list, checked for one call, with a
 * detail a supervisor understands, and the agents who could take it now. It applies the same
 * {@link DistributionConditions} as the cycle.
 */
@Component
class DistributionCheck {

    private final OutboundCallRepository calls;
    private final OutboundListRepository lists;
    private final ProjectRepository projects;
    private final DistributionRepository distribution;
    private final CallOfferRepository offers;
    private final CallDecisionHistory decisions;
    private final SchedulePostConditionRepository postConditions;
    private final ConfigParameters config;
    private final OutboundProperties properties;
    private final Clock clock;

    DistributionCheck(OutboundCallRepository calls, OutboundListRepository lists, ProjectRepository projects,
            DistributionRepository distribution, CallOfferRepository offers, CallDecisionHistory decisions,
            SchedulePostConditionRepository postConditions, ConfigParameters config, OutboundProperties properties,
            Clock clock) {
        this.postConditions = postConditions;
        this.calls = calls;
        this.lists = lists;
        this.projects = projects;
        this.distribution = distribution;
        this.offers = offers;
        this.decisions = decisions;
        this.config = config;
        this.properties = properties;
        this.clock = clock;
    }

    /** One condition and whether it holds, with the reason. */
    record Check(String name, boolean passed, String detail) {
    }

    /** The checks of one agent for this call. */
    record AgentChecks(UUID agentId, String login, boolean eligible, List<Check> checks) {
    }

    /**
     * The answer of GET /api/calls/{id}/distribution-check; {@code postConditions} are the schedule post conditions
     * that changed the call.
     */
    record Result(UUID callId, boolean ready, List<Check> checks, List<UUID> eligibleAgents,
            List<AgentChecks> agents, List<CallDecision> decisions,
            List<SchedulePostConditionRepository.AppliedPostCondition> postConditions) {
    }

    Result check(UUID callId) {
        OutboundCall call = calls.find(callId).orElseThrow(() -> new UnknownRecordException("call", callId));
        OffsetDateTime now = OffsetDateTime.now(clock);
        ZoneId zone = properties.timeZone();
        Optional<OutboundList> list = Optional.ofNullable(call.outboundListId()).flatMap(lists::find);
        Optional<Project> project = Optional.ofNullable(call.projectId()).flatMap(projects::find);

        List<Check> checks = new ArrayList<>();
        checks.add(listRunning(call, list));
        checks.add(scheduledInEnqueue(call));
        checks.add(inTimeWindow(call, list, now, zone));
        checks.add(scheduleTimeReached(call, now));
        checks.add(notNeglected(call, project));
        checks.add(processWaiting(call));
        boolean callReady = checks.stream().allMatch(Check::passed);

        boolean unifiedQueue = config.unifiedQueue();
        List<AgentChecks> agents = distribution.agentsForCheck(call.projectId(), call.agentId()).stream()
                .map(agent -> agentChecks(agent, call, project, unifiedQueue, now))
                .toList();
        checks.addAll(funnel(agents, call, project));
        List<UUID> eligible = agents.stream().filter(AgentChecks::eligible).map(AgentChecks::agentId).toList();
        return new Result(call.id(), callReady && !eligible.isEmpty(), checks, eligible, agents,
                decisions.of(call), postConditions.appliedTo(call.id()));
    }

    private static Check listRunning(OutboundCall call, Optional<OutboundList> list) {
        if (list.isEmpty()) {
            return new Check(OUTBOUND_LIST_RUNNING, false, call.outboundListId() == null
                    ? "the call belongs to no outbound list (a " + call.callType() + " call is not distributed)"
                    : "outbound list " + call.outboundListId() + " does not exist");
        }
        OutboundList l = list.get();
        return l.state() == OutboundListState.Running
                ? new Check(OUTBOUND_LIST_RUNNING, true, "outbound list '" + l.name() + "' is Running")
                : new Check(OUTBOUND_LIST_RUNNING, false, "outbound list '" + l.name() + "' is " + l.state()
                        + "; only Running lists are distributed (PUT /api/outbound-lists/" + l.id() + "/state)");
    }

    private Check scheduledInEnqueue(OutboundCall call) {
        boolean passed = call.callResult() == CallResult.Scheduled && call.callPhase() == CallPhase.Enqueue;
        String detail;
        if (passed) {
            detail = "status Scheduled, phase Enqueue";
        } else if (call.callPhase() == CallPhase.Manual) {
            detail = "phase is Manual: the project schedules its calls manually; cyclic distribution ignores the call"
                    + " until it is enqueued (POST /api/calls/" + call.id() + "/enqueue or the seed's SQL UPDATE)";
        } else if (call.callPhase() == CallPhase.Offered || call.callPhase() == CallPhase.Dialing) {
            detail = "phase is " + call.callPhase() + ": the call is already offered to agent "
                    + offers.openOfferAgent(call.id()).or(() -> Optional.ofNullable(call.agentId()))
                            .map(UUID::toString).orElse("?");
        } else if (call.callResult() != CallResult.Scheduled) {
            detail = "status is " + call.callResult() + " (phase " + call.callPhase()
                    + "); only Scheduled calls are distributed";
        } else {
            detail = "phase is " + call.callPhase() + "; only calls in phase Enqueue are distributed";
        }
        return new Check(STATUS_SCHEDULED_PHASE_ENQUEUE, passed, detail);
    }

    private static Check inTimeWindow(OutboundCall call, Optional<OutboundList> list, OffsetDateTime now,
            ZoneId zone) {
        if (!DistributionConditions.inCallWindow(call.timeFrom(), call.timeTo(), now)) {
            String detail = call.timeFrom() != null && call.timeFrom().isAfter(now)
                    ? "the call's window opens at " + call.timeFrom() + " (TimeFrom); now is " + now
                    : "the call's window closed at " + call.timeTo() + " (TimeTo); now is " + now;
            return new Check(IN_TIME_WINDOW, false, detail);
        }
        if (list.isPresent()) {
            LocalTime from = list.get().timeFrom();
            LocalTime to = list.get().timeTo();
            LocalTime local = now.atZoneSameInstant(zone).toLocalTime();
            if (!DistributionConditions.inListWindow(from, to, local)) {
                return new Check(IN_TIME_WINDOW, false, "outbound list '" + list.get().name() + "' dials "
                        + (from == null ? "" : "from " + from + " ") + (to == null ? "" : "until " + to + " ")
                        + zone + "; it is " + local.withNano(0) + " there");
            }
        }
        return new Check(IN_TIME_WINDOW, true, "now is inside the call's window"
                + (call.timeFrom() == null && call.timeTo() == null ? " (none set)" : "")
                + " and the outbound list's daily window");
    }

    private static Check scheduleTimeReached(OutboundCall call, OffsetDateTime now) {
        if (call.scheduleTime() == null || !call.scheduleTime().isAfter(now)) {
            return new Check(SCHEDULE_TIME_REACHED, true, "schedule time " + call.scheduleTime() + " has come");
        }
        Duration wait = Duration.between(now, call.scheduleTime());
        return new Check(SCHEDULE_TIME_REACHED, false, "the call is scheduled for " + call.scheduleTime() + ", in "
                + humane(wait));
    }

    private static Check notNeglected(OutboundCall call, Optional<Project> project) {
        if (call.callResult() != CallResult.Neglected) {
            return new Check(NOT_NEGLECTED, true, "not Neglected");
        }
        int maxOffers = project.map(Project::maxOfferAttempts).orElse(0);
        String why = call.offerCount() >= maxOffers && maxOffers > 0
                ? "it was offered " + call.offerCount() + " times without an agent taking it (max offer attempts "
                        + maxOffers + ")"
                : "its LostShiftWindow expired or a schedule post condition terminated it";
        return new Check(NOT_NEGLECTED, false, "the call is Neglected: " + why
                + "; the engine no longer distributes it");
    }

    private static Check processWaiting(OutboundCall call) {
        if (call.pickupError() != null) {
            return new Check(PROCESS_WAITING_FOR_AGENT, false, "the engine could not take up this row written by SQL: "
                    + call.pickupError() + "; fix the row and set pickup_error to null");
        }
        if (call.processInstanceId() == null) {
            return new Check(PROCESS_WAITING_FOR_AGENT, false, "the row has no process instance yet; rows written by"
                    + " SQL or an import get one within seconds");
        }
        if (call.callPhase() == CallPhase.Enqueue && !CallPhase.Enqueue.name().equals(call.processPhase())) {
            return new Check(PROCESS_WAITING_FOR_AGENT, false, "the row says Enqueue but the process instance is still"
                    + " in " + call.processPhase() + "; the engine picks up SQL changes within seconds");
        }
        boolean waiting = CallPhase.Enqueue.name().equals(call.processPhase());
        return new Check(PROCESS_WAITING_FOR_AGENT, waiting, waiting
                ? "process instance " + call.processInstanceId() + " waits for an agent"
                : "process instance " + call.processInstanceId() + " is in " + call.processPhase());
    }

    private AgentChecks agentChecks(AgentState agent, OutboundCall call, Optional<Project> project,
            boolean unifiedQueue, OffsetDateTime now) {
        List<Check> checks = new ArrayList<>();
        String projectName = project.map(Project::name).orElse(String.valueOf(call.projectId()));
        boolean skill = DistributionConditions.hasProjectSkill(agent.projectIds(), call.projectId());
        checks.add(new Check(PROJECT_SKILL, skill, skill ? "has the skill for project " + projectName
                : "lacks the skill for project " + projectName));
        boolean language = DistributionConditions.speaksLanguage(agent.languageIds(), call.languageId());
        checks.add(new Check(LANGUAGE, language, call.languageId() == null ? "the call has no language"
                : language ? "speaks the call's language" : "does not speak the call's language " + call.languageId()));
        // the engine's own interaction is the call on the agent's line, unless it is this very call
        int engine = agent.currentCallId() == null || agent.currentCallId().equals(call.id()) ? 0 : 1;
        int interactions = agent.activeInteractions() + engine;
        boolean capacity = DistributionConditions.capacityFree(unifiedQueue, interactions, agent.capacity());
        checks.add(new Check(CAPACITY_FREE, capacity, !unifiedQueue ? "unified queue is off (UnifiedQueue=false)"
                : "handles " + interactions + " of " + agent.capacity() + " interactions (" + engine
                        + " in this engine, " + agent.activeInteractions() + " reported by other channels)"
                        + (capacity ? "" : ": at capacity, the unified queue offers the agent no call")));
        checks.add(lineFree(agent, call));
        boolean notBlocked = agent.blockedUntil() == null || !agent.blockedUntil().isAfter(now);
        checks.add(new Check(NOT_BLOCKED, notBlocked, notBlocked ? "not blocked"
                : "blocked until " + agent.blockedUntil() + " (the workplace's Agent blocked [s] after a refused or"
                        + " unanswered offer)"));
        checks.add(readyAllowsPredistributed(agent, call));
        return new AgentChecks(agent.id(), agent.login(), checks.stream().allMatch(Check::passed), checks);
    }

    private static Check lineFree(AgentState agent, OutboundCall call) {
        if (agent.workplaceId() == null) {
            return new Check(LINE_FREE, false, "has no workplace, so no extension to ring");
        }
        if (agent.currentCallId() != null) {
            return new Check(LINE_FREE, false, agent.currentCallId().equals(call.id())
                    ? "is handling this call" : "is handling call " + agent.currentCallId()
                    + " (offered, talking or entering its result)");
        }
        if (!"Free".equals(agent.lineState())) {
            return new Check(LINE_FREE, false, "the PBX reports the line " + agent.lineState());
        }
        return new Check(LINE_FREE, true, "line is free");
    }

    private static Check readyAllowsPredistributed(AgentState agent, OutboundCall call) {
        String status = "status '" + agent.statusName() + "' (" + agent.activityType() + ")";
        if (agent.activityType() != ActivityType.Ready) {
            return new Check(READY_ALLOWS_PREDISTRIBUTED, false, status + " is not a Ready status");
        }
        if (!call.predistributed()) {
            return new Check(READY_ALLOWS_PREDISTRIBUTED, true, status);
        }
        if (!agent.id().equals(call.agentId())) {
            return new Check(READY_ALLOWS_PREDISTRIBUTED, false, "the call is predistributed to agent "
                    + call.agentId());
        }
        return agent.allowsPredistributed()
                ? new Check(READY_ALLOWS_PREDISTRIBUTED, true, status + " allows predistributed calls")
                : new Check(READY_ALLOWS_PREDISTRIBUTED, false, status
                        + " does not allow predistributed calls, and this call is predistributed to the agent");
    }

    /**
     * The agent conditions for the call as a whole, in the seed's order: each passes when at least one agent passes
     * it and every condition before it, so the first failing one is why no agent can take the call.
     */
    private static List<Check> funnel(List<AgentChecks> agents, OutboundCall call, Optional<Project> project) {
        List<String> order = List.of(PROJECT_SKILL, LANGUAGE, CAPACITY_FREE, LINE_FREE, NOT_BLOCKED,
                READY_ALLOWS_PREDISTRIBUTED);
        List<Check> result = new ArrayList<>();
        List<AgentChecks> remaining = agents;
        String projectName = project.map(Project::name).orElse(String.valueOf(call.projectId()));
        for (String name : order) {
            Predicate<AgentChecks> passes = a -> a.checks().stream()
                    .anyMatch(c -> c.name().equals(name) && c.passed());
            List<AgentChecks> passing = remaining.stream().filter(passes).toList();
            String who = passing.stream().map(AgentChecks::login).limit(10).toList().toString();
            String detail = switch (name) {
                case PROJECT_SKILL -> passing.isEmpty() ? "no agent has the skill for project " + projectName
                        : passing.size() + " agent(s) have the skill for project " + projectName + ": " + who;
                default -> passing.size() + " of " + remaining.size() + " agent(s) pass"
                        + (passing.isEmpty() ? ": " + firstReason(remaining, name) : ": " + who);
            };
            result.add(new Check(name, !passing.isEmpty(), detail));
            remaining = passing;
        }
        return result;
    }

    private static String firstReason(List<AgentChecks> agents, String name) {
        return agents.stream().limit(3)
                .map(a -> a.login() + " " + a.checks().stream().filter(c -> c.name().equals(name)).findFirst()
                        .map(Check::detail).orElse(""))
                .toList().toString();
    }

    private static String humane(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 1) {
            return duration.toSeconds() + " s";
        }
        return minutes >= 60 ? minutes / 60 + " h " + minutes % 60 + " min" : minutes + " min";
    }
}
