package io.outboundcalls.call;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of outbound_call: the system of record of a call and the contract for SQL integrators. */
public record OutboundCall(
        UUID id,
        CallType callType,
        CallPhase callPhase,
        CallResult callResult,
        String lastResult,
        UUID callResultDetailId,
        UUID outboundListId,
        UUID projectId,
        UUID languageId,
        UUID contactId,
        UUID issueId,
        UUID phoneNumberId,
        UUID messageId,
        UUID chatId,
        String number,
        String dialedNumber,
        UUID agentId,
        UUID workplaceId,
        boolean predistributed,
        int priority,
        OffsetDateTime scheduleTime,
        OffsetDateTime timeFrom,
        OffsetDateTime timeTo,
        int offerCount,
        int attempt,
        String callKey,
        CallOrigin origin,
        String note,
        String processInstanceId,
        String processPhase,
        OffsetDateTime offeredAt,
        OffsetDateTime answeredAt,
        OffsetDateTime hungUpAt,
        OffsetDateTime finishedAt,
        String pickupError,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
}
