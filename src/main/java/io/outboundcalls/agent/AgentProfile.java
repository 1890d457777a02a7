package io.outboundcalls.agent;

import java.util.List;
import java.util.UUID;

/** An agent as administrators see and maintain them: never the password, which only the engine's identity holds. */
public record AgentProfile(
        UUID id,
        String name,
        String login,
        boolean allowWrite,
        UUID workplaceId,
        UUID statusId,
        List<UUID> projectIds,
        List<UUID> languageIds) {
}
