package io.outboundcalls.distribution;

import java.util.UUID;

/** An agent who may be offered a call now: Ready status, free line, not blocked. */
record ReadyAgent(UUID id, String login, UUID workplaceId, boolean allowsPredistributed) {
}
