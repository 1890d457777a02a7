package io.outboundcalls.distribution;

import java.util.Set;
import java.util.UUID;

/**
 * An agent who may be offered a call now (Ready status, free line, not blocked, capacity free), with the project
 * skills and languages matching reads.
 */
record ReadyAgent(UUID id, String login, UUID workplaceId, boolean allowsPredistributed, Set<UUID> projectIds,
        Set<UUID> languageIds) {

    /** The seed's agent conditions that depend on the call: project skill, language, predistribution. */
    boolean canTake(DueCall call) {
        return DistributionConditions.hasProjectSkill(projectIds, call.projectId())
                && DistributionConditions.speaksLanguage(languageIds, call.languageId())
                && DistributionConditions.mayTakePredistributed(call.predistributed(), call.agentId(), id,
                        allowsPredistributed);
    }
}
