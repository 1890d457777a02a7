package io.outboundcalls.call;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The columns a CSV import may have: the JSON field names of POST /api/calls ({@link NewCallRequest}), matched
 * without regard to case. The import is always into the list of its path, so outboundListId and projectId may only
 * repeat that list and its project.
 */
enum ImportColumn {
    NUMBER("number"),
    PREDIST("predist"),
    AGENT_ID("agentId"),
    CALL_KEY("callKey"),
    ISSUE_ID("issueId"),
    ISSUE_KEY("issueKey"),
    PROJECT_ID("projectId"),
    OUTBOUND_LIST_ID("outboundListId"),
    LANGUAGE_ID("languageId"),
    CONTACT_ID("contactId"),
    CONTACT_KEY("contactKey"),
    PHONE_NUMBER_ID("phoneNumberId"),
    MESSAGE_ID("messageId"),
    CHAT_ID("chatId"),
    SCHEDULE_TIME("scheduleTime"),
    TIME_FROM("timeFrom"),
    TIME_TO("timeTo"),
    PRIORITY("priority");

    private static final Map<String, ImportColumn> BY_LOWER_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(c -> c.fieldName.toLowerCase(Locale.ROOT), Function.identity()));

    final String fieldName;

    ImportColumn(String fieldName) {
        this.fieldName = fieldName;
    }

    static Optional<ImportColumn> named(String header) {
        return Optional.ofNullable(BY_LOWER_NAME.get(header.strip().toLowerCase(Locale.ROOT)));
    }

    static String allNames() {
        return Arrays.stream(values()).map(c -> c.fieldName).collect(Collectors.joining(", "));
    }
}
