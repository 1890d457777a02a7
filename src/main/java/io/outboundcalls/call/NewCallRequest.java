package io.outboundcalls.call;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The body of POST /api/calls, the editor's save; field names as API.md lists them. */
public record NewCallRequest(
        String number,
        Boolean predist,
        UUID agentId,
        String callKey,
        UUID issueId,
        String issueKey,
        UUID projectId,
        UUID outboundListId,
        UUID languageId,
        UUID contactId,
        String contactKey,
        UUID phoneNumberId,
        UUID messageId,
        UUID chatId,
        OffsetDateTime scheduleTime,
        OffsetDateTime timeFrom,
        OffsetDateTime timeTo,
        Integer priority) {
}
