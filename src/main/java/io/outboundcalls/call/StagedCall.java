package io.outboundcalls.call;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One CSV row that passed the checks a row can make by itself, on its way into outbound_call: what it refers to by
 * id or key is checked and resolved against the database for the whole file at once.
 */
record StagedCall(
        long line,
        UUID id,
        String number,
        String dialedNumber,
        String callKey,
        OffsetDateTime scheduleTime,
        OffsetDateTime timeFrom,
        OffsetDateTime timeTo,
        int priority,
        boolean predistributed,
        UUID agentId,
        UUID languageId,
        UUID contactId,
        String contactKey,
        UUID issueId,
        String issueKey,
        UUID phoneNumberId,
        UUID messageId,
        UUID chatId) {
}
