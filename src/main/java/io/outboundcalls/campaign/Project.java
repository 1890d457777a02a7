package io.outboundcalls.campaign;

import java.util.UUID;

/**
 * A project (campaign owner) with its outbound settings. {@code postCallPauseSeconds}: null = no post-call pause,
 * 0 = unlimited, n = seconds; {@code resultWaitSeconds}: null = wait for the result without limit.
 */
public record Project(
        UUID id,
        String name,
        String callerId,
        boolean manualScheduling,
        Integer postCallPauseSeconds,
        UUID automaticPcpStatusId,
        boolean showResultBar,
        Integer resultWaitSeconds,
        int maxOfferAttempts,
        int defaultPriority) {

    /** The seed's post-call pause needs both its length (0 = unlimited) and the status the agent is switched to. */
    public boolean hasPostCallPause() {
        return postCallPauseSeconds != null && automaticPcpStatusId != null;
    }
}
