package io.outboundcalls.campaign;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.LocalTime;
import java.util.UUID;

/**
 * An outbound list (campaign) of a project; its time window is local time of day in outbound.time-zone, written as
 * API.md writes it ("08:00"; seconds only where they are set).
 */
public record OutboundList(
        UUID id,
        String name,
        UUID projectId,
        UUID languageId,
        OutboundListState state,
        @JsonSerialize(using = ToStringSerializer.class) LocalTime timeFrom,
        @JsonSerialize(using = ToStringSerializer.class) LocalTime timeTo) {
}
