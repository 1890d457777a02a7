package io.outboundcalls.agent;

import java.util.UUID;

/** A status an agent can be in, such as Ready or Wrap-up, with the activity type distribution reads. */
public record AgentStatus(UUID id, String name, ActivityType activityType, boolean allowsPredistributed) {
}
