package io.outboundcalls.result;

import java.util.List;
import java.util.UUID;

/**
 * A user-definable call result ("busy", "wrong number", ...) with the general result it maps to, the channels it
 * is offered on, and the call types and projects it is limited to (empty = all).
 */
public record CallResultDetail(
        UUID id,
        String name,
        GeneralResult generalResult,
        int channels,
        boolean deleted,
        Integer rescheduleAfterSeconds,
        List<String> callTypes,
        List<UUID> projectIds) {

    /** Whether an agent may choose this detail for a call of this type and project on this channel. */
    public boolean isOfferedFor(CallResultChannel channel, String callType, UUID projectId) {
        return !deleted
                && (channel == null || channel.isIn(channels))
                && (callType == null || callTypes.isEmpty() || callTypes.contains(callType))
                && (projectId == null || projectIds.isEmpty() || projectIds.contains(projectId));
    }
}
