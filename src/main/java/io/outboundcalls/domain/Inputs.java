package io.outboundcalls.domain;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Checks that every input shares: required text within its column's length, no control characters, times within the
 * years both databases store, enum values by name.
 */
public final class Inputs {

    private Inputs() {
    }

    /**
     * The text stripped of surrounding blanks; an {@link InvalidInputException} naming the field when it is missing,
     * too long or holds a control character.
     */
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
        String text = plainText(field, value.strip(), false);
        if (text.length() > maxLength) {
            throw new InvalidInputException(field, "is longer than " + maxLength + " characters");
        }
        return text;
    }

    /** The first and last year a time may have: what H2 and PostgreSQL (and their JDBC drivers) store alike. */
    public static final int FIRST_YEAR = 1900;
    public static final int LAST_YEAR = 9999;

    /**
     * The value unchanged; an {@link InvalidInputException} naming the field when it holds a control character. NUL
     * and the other C0 and C1 controls (and DEL) are refused everywhere: PostgreSQL cannot store NUL at all, and the
     * others only garble the CSV exports, logs and desktops that show the value. Tab, line feed and carriage return
     * are allowed where the text is {@code multiline} (a note).
     */
    public static String plainText(String field, String value, boolean multiline) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isControl(c) && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) {
                throw new InvalidInputException(field, "contains the control character U+%04X at position %d; %s"
                        .formatted((int) c, i + 1, multiline ? "only tab and line breaks are allowed"
                                : "text fields take no control characters"));
            }
        }
        return value;
    }

    /** The time unchanged; an {@link InvalidInputException} naming the field when its year is not 1900-9999. */
    public static OffsetDateTime boundedTime(String field, OffsetDateTime value) {
        if (value == null) {
            return null;
        }
        // the local year and the year in UTC, which is what the database stores (9999-12-31T23:00-05:00 is year 10000)
        int year = value.getYear();
        int utcYear = value.withOffsetSameInstant(ZoneOffset.UTC).getYear();
        if (Math.min(year, utcYear) < FIRST_YEAR || Math.max(year, utcYear) > LAST_YEAR) {
            throw new InvalidInputException(field, "'" + value + "' is outside the years " + FIRST_YEAR + "-"
                    + LAST_YEAR);
        }
        return value;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    /** Like {@link #optionalText}, for free text (a note) that may hold tabs and line breaks. */
    public static String optionalMultilineText(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = plainText(field, value.strip(), true);
        if (text.length() > maxLength) {
            throw new InvalidInputException(field, "is longer than " + maxLength + " characters");
        }
        return text;
    }

    /**
     * The constant of this name, matched case-insensitively; an {@link InvalidInputException} listing the names when
     * it is none of them.
     */
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
