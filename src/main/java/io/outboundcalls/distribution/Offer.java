package io.outboundcalls.distribution;

import java.util.UUID;

/** A call offered to an agent by the cycle, to be taken by the call's process instance. */
record Offer(UUID offerId, UUID callId, UUID agentId, String agentLogin, UUID workplaceId) {
}
