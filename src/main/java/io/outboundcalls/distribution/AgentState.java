package io.outboundcalls.distribution;

import io.outboundcalls.agent.ActivityType;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/** Everything about an agent that the distribution conditions look at, for the distribution check. */
record AgentState(UUID id, String login, UUID workplaceId, String statusName, ActivityType activityType,
        boolean allowsPredistributed, UUID currentCallId, String lineState, OffsetDateTime blockedUntil,
        int activeInteractions, int capacity, Set<UUID> projectIds, Set<UUID> languageIds) {
}
