package io.outboundcalls.system;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The configuration parameters of the seed, with their defaults and how a value is checked. */
public enum ConfigParameter {
    /** Log private calls dialed from the call bar. */
    PrivateCallsOnBarAction("false", Kind.BOOLEAN),
    /** Log private calls created through the bar web URL. */
    PrivateCallsOnWebAction("false", Kind.BOOLEAN),
    /** How long a lost-call callback may wait for an agent before it is Neglected (ISO-8601 duration). */
    LostShiftWindow("PT4H", Kind.DURATION),
    /** Count the agent's other interactions against their capacity before offering a call. */
    UnifiedQueue("false", Kind.BOOLEAN);

    private enum Kind { BOOLEAN, DURATION }

    private final String defaultValue;
    private final Kind kind;

    ConfigParameter(String defaultValue, Kind kind) {
        this.defaultValue = defaultValue;
        this.kind = kind;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** The parameter of this name, matched case-insensitively. */
    public static Optional<ConfigParameter> named(String name) {
        return Arrays.stream(values()).filter(p -> p.name().equalsIgnoreCase(name == null ? "" : name.strip()))
                .findFirst();
    }

    /** The value in its stored form, or a reason why it is not a value of this parameter. */
    public String normalize(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a value is required");
        }
        String v = value.strip();
        return switch (kind) {
            case BOOLEAN -> {
                String lower = v.toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    throw new IllegalArgumentException("'" + v + "' is not true or false");
                }
                yield lower;
            }
            case DURATION -> {
                try {
                    Duration duration = Duration.parse(v.toUpperCase(Locale.ROOT));
                    if (duration.isNegative() || duration.isZero()) {
                        throw new IllegalArgumentException("'" + v + "' must be a positive duration");
                    }
                    yield duration.toString();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("'" + v + "' is not an ISO-8601 duration such as PT4H");
                }
            }
        };
    }
}
