package io.outboundcalls.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.domain.Inputs;
import io.outboundcalls.domain.InvalidInputException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The body of PATCH /api/calls/{id}: only the fields present change, and {@code null} clears a time window bound.
 * Each field is {@code null} when absent and {@code Optional.empty()} when sent as null.
 */
record CallChanges(
        Optional<OffsetDateTime> scheduleTime,
        Optional<OffsetDateTime> timeFrom,
        Optional<OffsetDateTime> timeTo,
        Optional<Integer> priority,
        Optional<UUID> agentId,
        Optional<Boolean> predist) {

    private static final Set<String> FIELDS = Set.of("scheduleTime", "timeFrom", "timeTo", "priority", "agentId",
            "predist");

    static CallChanges parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("body", "a JSON object with the fields to change is required");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidInputException(name, "cannot be changed; only " + FIELDS + " can");
            }
        }
        CallChanges changes = new CallChanges(time(body, "scheduleTime"), time(body, "timeFrom"),
                time(body, "timeTo"), integer(body, "priority"), uuid(body, "agentId"), bool(body, "predist"));
        if (changes.scheduleTime() != null && changes.scheduleTime().isEmpty()) {
            throw new InvalidInputException("scheduleTime", "cannot be cleared");
        }
        if (changes.priority() != null && changes.priority().isEmpty()) {
            throw new InvalidInputException("priority", "cannot be cleared");
        }
        if (changes.predist() != null && changes.predist().isEmpty()) {
            throw new InvalidInputException("predist", "must be true or false");
        }
        return changes;
    }

    private static Optional<OffsetDateTime> time(JsonNode body, String field) {
        if (!body.has(field)) {
            return null;
        }
        JsonNode value = body.get(field);
        if (value.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Inputs.boundedTime(field, OffsetDateTime.parse(value.asText())));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "'" + value.asText() + "' is not an ISO-8601 time with offset");
        }
    }

    private static Optional<Integer> integer(JsonNode body, String field) {
        if (!body.has(field)) {
            return null;
        }
        JsonNode value = body.get(field);
        if (value.isNull()) {
            return Optional.empty();
        }
        if (!value.isInt()) {
            throw new InvalidInputException(field, "'" + value + "' is not a whole number");
        }
        return Optional.of(value.intValue());
    }

    private static Optional<UUID> uuid(JsonNode body, String field) {
        if (!body.has(field)) {
            return null;
        }
        JsonNode value = body.get(field);
        if (value.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value.asText()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "'" + value.asText() + "' is not a UUID");
        }
    }

    private static Optional<Boolean> bool(JsonNode body, String field) {
        if (!body.has(field)) {
            return null;
        }
        JsonNode value = body.get(field);
        if (value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw new InvalidInputException(field, "'" + value + "' is not true or false");
        }
        return Optional.of(value.booleanValue());
    }
}
