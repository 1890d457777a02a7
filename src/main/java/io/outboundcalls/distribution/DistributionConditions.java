package io.outboundcalls.distribution;

import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * The seed's conditions for distributing a call to an agent ("Common issues"), in one place: the cycle's matching and
 * the distribution check use the same rules, so the check never says "ready" for a call the cycle would skip.
 */
final class DistributionConditions {

    // The names of the checks, as API.md lists them for GET /api/calls/{id}/distribution-check.
    static final String OUTBOUND_LIST_RUNNING = "OutboundListRunning";
    static final String STATUS_SCHEDULED_PHASE_ENQUEUE = "StatusScheduledPhaseEnqueue";
    static final String IN_TIME_WINDOW = "InTimeWindow";
    static final String SCHEDULE_TIME_REACHED = "ScheduleTimeReached";
    static final String NOT_NEGLECTED = "NotNeglected";
    static final String PROCESS_WAITING_FOR_AGENT = "ProcessWaitingForAgent";
    static final String PROJECT_SKILL = "ProjectSkill";
    static final String LANGUAGE = "LanguageProficiency";
    static final String CAPACITY_FREE = "CapacityFree";
    static final String LINE_FREE = "LineFree";
    static final String NOT_BLOCKED = "NotBlocked";
    static final String READY_ALLOWS_PREDISTRIBUTED = "ReadyAllowsPredistributed";

    private DistributionConditions() {
    }

    /** An outbound list's daily window in local time; a window whose end is before its start runs over midnight. */
    static boolean inListWindow(LocalTime from, LocalTime to, LocalTime now) {
        if (from == null && to == null) {
            return true;
        }
        if (from == null) {
            return now.isBefore(to);
        }
        if (to == null) {
            return !now.isBefore(from);
        }
        return from.isBefore(to)
                ? !now.isBefore(from) && now.isBefore(to)
                : !now.isBefore(from) || now.isBefore(to);
    }

    /** A call's own window (TimeFrom/TimeTo): instants, either open. */
    static boolean inCallWindow(OffsetDateTime from, OffsetDateTime to, OffsetDateTime now) {
        return (from == null || !from.isAfter(now)) && (to == null || to.isAfter(now));
    }

    static boolean hasProjectSkill(Set<UUID> agentProjects, UUID projectId) {
        return projectId != null && agentProjects.contains(projectId);
    }

    /** A call without a language may go to anyone; one with a language only to agents who speak it. */
    static boolean speaksLanguage(Set<UUID> agentLanguages, UUID languageId) {
        return languageId == null || agentLanguages.contains(languageId);
    }

    /** A predistributed call goes only to its agent, and only while the agent's Ready status allows it. */
    static boolean mayTakePredistributed(boolean predistributed, UUID callAgentId, UUID agentId,
            boolean statusAllowsPredistributed) {
        return !predistributed || (agentId.equals(callAgentId) && statusAllowsPredistributed);
    }

    /** The unified-queue capacity rule: with UnifiedQueue on, the agent's other interactions count. */
    static boolean capacityFree(boolean unifiedQueue, int activeInteractions, int capacity) {
        return !unifiedQueue || activeInteractions < capacity;
    }
}
