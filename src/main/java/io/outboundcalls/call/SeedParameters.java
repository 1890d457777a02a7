package io.outboundcalls.call;

import io.outboundcalls.domain.Inputs;
import io.outboundcalls.domain.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The parameters of the seed's own URLs (the bar web URL, the editor URL): names matched case-insensitively, values
 * stripped of surrounding blanks (the seed's own example has {@code Par= 0042...}). Query and form body alike, as the
 * servlet container merges them. A problem names the parameter as the seed writes it.
 */
final class SeedParameters {

    private final Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, String> unchecked = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private SeedParameters() {
    }

    /**
     * @param echoed names whose values the engine only hands back (the seed's Seq: "the system does not check the
     *               number in any way and returns it unchanged"): taken as given, neither stripped nor checked, the
     *               first one when repeated; read them with {@link #unchecked(String)}
     */
    static SeedParameters of(HttpServletRequest request, String... echoed) {
        Map<String, String[]> raw;
        try {
            raw = request.getParameterMap();
        } catch (RuntimeException e) {
            // the container could not decode the query or form body (bad percent-encoding, wrong charset, ...)
            throw new InvalidInputException("parameters", "the query or form body cannot be decoded: " + e.getMessage());
        }
        SeedParameters parameters = new SeedParameters();
        Set<String> echoedNames = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        echoedNames.addAll(Arrays.asList(echoed));
        raw.forEach((name, vals) -> {
            if (echoedNames.contains(name) && vals.length > 0) {
                parameters.unchecked.putIfAbsent(name, vals[0]);
            }
        });
        Map<String, Set<String>> given = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        raw.entrySet().stream().filter(e -> !echoedNames.contains(e.getKey())).forEach(e -> Arrays.stream(e.getValue())
                .forEach(v -> given.computeIfAbsent(e.getKey().strip(), n -> new LinkedHashSet<>()).add(v.strip())));
        given.forEach((name, vals) -> {
            Inputs.plainText("parameter name", name, false);
            vals.forEach(value -> Inputs.plainText(name, value, false));
            if (vals.size() > 1) {
                throw new InvalidInputException(name, "is given more than once with different values " + vals);
            }
            parameters.values.put(name, vals.iterator().next());
        });
        return parameters;
    }

    /** Values already split and stripped, such as a CSV row's cells under their column names. */
    static SeedParameters of(Map<String, String> named) {
        SeedParameters parameters = new SeedParameters();
        named.forEach((name, value) -> Inputs.plainText(name, value, false));
        parameters.values.putAll(named);
        return parameters;
    }

    /** An echoed parameter's value exactly as given; null when absent. */
    String unchecked(String name) {
        return unchecked.get(name);
    }

    /** The value, stripped; null when absent or empty. */
    String text(String name) {
        String value = values.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    String text(String name, int maxLength) {
        String value = text(name);
        if (value != null && value.length() > maxLength) {
            throw new InvalidInputException(name, "is " + value.length() + " characters long; at most " + maxLength
                    + " are allowed");
        }
        return value;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    UUID uuid(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            // UUID.fromString also takes abbreviations such as 1-1-1-1-1
            if (value.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(name, "'" + shorten(value) + "' is not a UUID");
        }
    }

    /** A flag: present without a value, true/1/yes, or false/0/no. */
    Boolean flag(String name) {
        if (!values.containsKey(name)) {
            return null;
        }
        String value = values.get(name).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new InvalidInputException(name, "'" + shorten(value) + "' is not true or false");
        };
    }

    Integer integer(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "'" + shorten(value) + "' is not a whole number");
        }
    }

    OffsetDateTime time(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return Inputs.boundedTime(name, OffsetDateTime.parse(value));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name, "'" + shorten(value) + "' is not an ISO-8601 time with offset");
        }
    }

    /**
     * The same problem under the name the seed gives the parameter: the intake names the JSON fields of POST
     * /api/calls ({@code outboundListId}); a URL's caller knows {@code OutboundListId}. {@code renames} are pairs of
     * field and parameter name; any other field is capitalized.
     */
    static InvalidInputException renamed(InvalidInputException e, String... renames) {
        String field = e.field();
        String reason = e.getMessage().startsWith(field + ": ") ? e.getMessage().substring(field.length() + 2)
                : e.getMessage();
        String name = null;
        for (int i = 0; i + 1 < renames.length; i += 2) {
            if (renames[i].equals(field)) {
                name = renames[i + 1];
            }
        }
        if (name == null) {
            name = field.isEmpty() ? field : Character.toUpperCase(field.charAt(0)) + field.substring(1);
        }
        return new InvalidInputException(name, reason);
    }

    private static String shorten(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }
}
