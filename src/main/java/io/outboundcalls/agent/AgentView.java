package io.outboundcalls.agent;

import java.util.UUID;

/** GET /api/agent: the authenticated agent's state as the agent desktop shows it. */
public record AgentView(UUID agentId, UUID statusId, ActivityType activityType, LineState lineState,
        UUID workplaceId, UUID offeredCallId) {
}
