package io.outboundcalls.web;

import java.util.Arrays;

/** Checks that request bodies share: required text within its column's length, enum values by name. */
public final class Inputs {

    private Inputs() {
    }

    /** The text stripped of surrounding blanks; a 400 naming the field when it is missing or too long. */
    public static String requiredText(String field, String value, int maxLength) {
        String text = optionalText(field, value, maxLength);
        if (text == null) {
            throw new InvalidInputException(field, "is required");
        }
        return text;
    }

    /** Like {@link #requiredText}, but blank or absent is null. */
    public static String optionalText(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.length() > maxLength) {
            throw new InvalidInputException(field, "is longer than " + maxLength + " characters");
        }
        return text;
    }

    /** The constant of this name, matched case-insensitively; a 400 listing the names when it is none of them. */
    public static <E extends Enum<E>> E oneOf(String field, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required; use one of " + Arrays.toString(type.getEnumConstants()));
        }
        return Arrays.stream(type.getEnumConstants())
                .filter(constant -> constant.name().equalsIgnoreCase(value.strip()))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException(field, "'" + value + "' is not one of "
                        + Arrays.toString(type.getEnumConstants())));
    }
}
