package io.outboundcalls.distribution;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A call waiting for an agent, with what matching needs: its project, language and predistribution. */
record DueCall(UUID id, UUID outboundListId, UUID projectId, UUID languageId, boolean predistributed, UUID agentId,
        int priority, OffsetDateTime scheduleTime) {
}
