package io.outboundcalls.agent;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An agent and their live state: status, the call on their line (offered, dialing, talking or waiting for its
 * result) and the post-call pause bookkeeping.
 */
public record Agent(
        UUID id,
        String name,
        String login,
        boolean allowWrite,
        UUID workplaceId,
        UUID statusId,
        LineState pbxLineState,
        UUID currentCallId,
        OffsetDateTime blockedUntil,
        UUID statusBeforePcpId,
        UUID pcpCallId) {

    /** The line is busy while the PBX says so or while the agent still handles a call. */
    public LineState lineState() {
        return currentCallId != null ? LineState.Busy : pbxLineState;
    }
}
