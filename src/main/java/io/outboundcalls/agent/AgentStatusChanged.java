package io.outboundcalls.agent;

import java.util.UUID;

/** Published once an agent's chosen status is stored: distribution takes back an offer from an agent who left Ready. */
public record AgentStatusChanged(UUID agentId, ActivityType activityType) {

    public boolean ready() {
        return activityType == ActivityType.Ready;
    }
}
