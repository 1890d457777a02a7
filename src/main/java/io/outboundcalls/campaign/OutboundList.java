package io.outboundcalls.campaign;

import java.time.LocalTime;
import java.util.UUID;

/** An outbound list (campaign) of a project; its time window is local time of day in outbound.time-zone. */
public record OutboundList(
        UUID id,
        String name,
        UUID projectId,
        UUID languageId,
        OutboundListState state,
        LocalTime timeFrom,
        LocalTime timeTo) {
}
