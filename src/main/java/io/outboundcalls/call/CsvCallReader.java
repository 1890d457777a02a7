package io.outboundcalls.call;

import io.outboundcalls.campaign.OutboundList;
import io.outboundcalls.campaign.Project;
import io.outboundcalls.web.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads a CSV file of calls with Apache Commons CSV one record at a time, so a file of any size never sits in
 * memory, and checks each row by itself: the number (normalized to E.164), dates, ids, CallKey length. A structural
 * fault of the file (no header, an unknown column, a broken quote) is an {@link InvalidInputException}; a bad row is a
 * {@link RejectedRow} and the reading goes on.
 */
final class CsvCallReader {

    private static final int MAX_HEADER_LINE = 64 * 1024;

    private final PhoneNumberNormalizer normalizer;
    private final OutboundList list;
    private final Project project;
    private final UUID importingAgentId;
    private final String importingLogin;
    private final OffsetDateTime now;

    CsvCallReader(PhoneNumberNormalizer normalizer, OutboundList list, Project project, UUID importingAgentId,
            String importingLogin, OffsetDateTime now) {
        this.normalizer = normalizer;
        this.list = list;
        this.project = project;
        this.importingAgentId = importingAgentId;
        this.importingLogin = importingLogin;
        this.now = now;
    }

    /** Reads the whole file; returns the columns the header names, in file order. */
    List<ImportColumn> read(Reader body, Consumer<StagedCall> accepted, Consumer<RejectedRow> rejected) {
        BufferedReader reader = new BufferedReader(body, 64 * 1024);
        char delimiter = delimiterOf(reader);
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter)
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreHeaderCase(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
                .setTrim(true)
                // blank lines come through as records so that each record's first line can be counted exactly
                .setIgnoreEmptyLines(false)
                .get();
        CSVParser parser;
        try {
            parser = CSVParser.builder().setReader(reader).setFormat(format).get();
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new InvalidInputException("header", "line 1 is not a CSV header: " + messageOf(e));
        }
        List<ImportColumn> columns = columnsOf(parser.getHeaderNames());
        long nextLine = parser.getCurrentLineNumber() + 1;
        try {
            for (CSVRecord record : parser) {
                long line = nextLine;
                nextLine = parser.getCurrentLineNumber() + 1;
                if (isBlank(record)) {
                    continue;
                }
                if (record.size() != columns.size()) {
                    rejected.accept(new RejectedRow(line, "the row has " + record.size() + " cells; the header names "
                            + columns.size() + " columns"));
                    continue;
                }
                try {
                    accepted.accept(stage(line, cellsOf(record, columns)));
                } catch (InvalidInputException e) {
                    rejected.accept(new RejectedRow(line, e.getMessage()));
                }
            }
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new InvalidInputException("body", "the file is not valid CSV after line " + (nextLine - 1) + ": "
                    + messageOf(e) + "; nothing was imported");
        }
        return columns;
    }

    /** The seed's users keep lists in spreadsheets; a semicolon-separated header (a European Excel export) is read too. */
    private static char delimiterOf(BufferedReader reader) {
        try {
            reader.mark(MAX_HEADER_LINE);
            int first = reader.read();
            if (first != '\uFEFF') {
                reader.reset();
                reader.mark(MAX_HEADER_LINE);
            }
            StringBuilder line = new StringBuilder();
            for (int c = reader.read(); c != -1 && c != '\n' && c != '\r' && line.length() < MAX_HEADER_LINE - 2;
                    c = reader.read()) {
                line.append((char) c);
            }
            String header = line.toString();
            reader.reset();
            if (first == '\uFEFF') {
                reader.read();
            }
            if (header.isBlank()) {
                throw new InvalidInputException("body", "the body is empty; the first line must name the columns ("
                        + ImportColumn.allNames() + ")");
            }
            return header.indexOf(';') >= 0 && header.indexOf(',') < 0 ? ';' : ',';
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<ImportColumn> columnsOf(List<String> headerNames) {
        List<ImportColumn> columns = new ArrayList<>();
        for (String name : headerNames) {
            if (name == null || name.isBlank()) {
                throw new InvalidInputException("header", "column " + (columns.size() + 1)
                        + " of line 1 has no name; the first line must name the columns (" + ImportColumn.allNames()
                        + ")");
            }
            ImportColumn column = ImportColumn.named(name).orElseThrow(() -> new InvalidInputException("header",
                    "unknown column '" + abbreviated(name) + "' in line 1; the columns are " + ImportColumn.allNames()
                            + " (any case)"));
            if (columns.contains(column)) {
                throw new InvalidInputException("header", "line 1 names column '" + column.fieldName + "' twice");
            }
            columns.add(column);
        }
        if (!columns.contains(ImportColumn.NUMBER)) {
            throw new InvalidInputException("header", "line 1 names no 'number' column; every call needs a number");
        }
        return columns;
    }

    private static Map<ImportColumn, String> cellsOf(CSVRecord record, List<ImportColumn> columns) {
        Map<ImportColumn, String> cells = new EnumMap<>(ImportColumn.class);
        for (int i = 0; i < columns.size(); i++) {
            String value = record.get(i);
            if (value != null && !value.isEmpty()) {
                cells.put(columns.get(i), value);
            }
        }
        return cells;
    }

    private StagedCall stage(long line, Map<ImportColumn, String> cells) {
        String number = normalizer.normalize("number", cells.get(ImportColumn.NUMBER));
        String callKey = cells.get(ImportColumn.CALL_KEY);
        if (callKey != null && callKey.length() > CallIntake.MAX_CALL_KEY_LENGTH) {
            throw new InvalidInputException("callKey", "is " + callKey.length() + " characters long; at most "
                    + CallIntake.MAX_CALL_KEY_LENGTH + " are allowed");
        }
        UUID listId = uuid(cells, ImportColumn.OUTBOUND_LIST_ID);
        if (listId != null && !listId.equals(list.id())) {
            throw new InvalidInputException("outboundListId", "the file is imported into outbound list " + list.id()
                    + ", not " + listId);
        }
        UUID projectId = uuid(cells, ImportColumn.PROJECT_ID);
        if (projectId != null && !projectId.equals(project.id())) {
            throw new InvalidInputException("projectId", "project " + projectId + " is not the project of outbound list "
                    + list.id());
        }
        OffsetDateTime timeFrom = dateTime(cells, ImportColumn.TIME_FROM);
        OffsetDateTime timeTo = dateTime(cells, ImportColumn.TIME_TO);
        if (timeFrom != null && timeTo != null && !timeFrom.isBefore(timeTo)) {
            throw new InvalidInputException("timeTo", "must be later than timeFrom");
        }
        OffsetDateTime scheduleTime = dateTime(cells, ImportColumn.SCHEDULE_TIME);
        Integer priority = integer(cells, ImportColumn.PRIORITY);
        boolean predistributed = bool(cells, ImportColumn.PREDIST);
        UUID agentId = uuid(cells, ImportColumn.AGENT_ID);
        if (predistributed && agentId == null) {
            if (importingAgentId == null) {
                throw new InvalidInputException("agentId", "a predistributed call needs an agent, and "
                        + importingLogin + " is not one");
            }
            agentId = importingAgentId;
        }
        return new StagedCall(line, UUID.randomUUID(), number, cells.get(ImportColumn.NUMBER), callKey,
                scheduleTime != null ? scheduleTime : now, timeFrom, timeTo,
                priority != null ? priority : project.defaultPriority(), predistributed, agentId,
                uuid(cells, ImportColumn.LANGUAGE_ID), uuid(cells, ImportColumn.CONTACT_ID),
                key(cells, ImportColumn.CONTACT_KEY), uuid(cells, ImportColumn.ISSUE_ID),
                key(cells, ImportColumn.ISSUE_KEY), uuid(cells, ImportColumn.PHONE_NUMBER_ID),
                uuid(cells, ImportColumn.MESSAGE_ID), uuid(cells, ImportColumn.CHAT_ID));
    }

    private static UUID uuid(Map<ImportColumn, String> cells, ImportColumn column) {
        String value = cells.get(column);
        if (value == null) {
            return null;
        }
        try {
            if (value.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(column.fieldName, "'" + abbreviated(value) + "' is not a UUID");
        }
    }

    private static String key(Map<ImportColumn, String> cells, ImportColumn column) {
        String value = cells.get(column);
        if (value != null && value.length() > 100) {
            throw new InvalidInputException(column.fieldName, "is " + value.length()
                    + " characters long; at most 100 are allowed");
        }
        return value;
    }

    private static OffsetDateTime dateTime(Map<ImportColumn, String> cells, ImportColumn column) {
        String value = cells.get(column);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(column.fieldName, "'" + abbreviated(value)
                    + "' is not an ISO-8601 date-time with offset, such as 2026-12-01T09:30:00+01:00");
        }
    }

    private static Integer integer(Map<ImportColumn, String> cells, ImportColumn column) {
        String value = cells.get(column);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(column.fieldName, "'" + abbreviated(value) + "' is not a whole number");
        }
    }

    private static boolean bool(Map<ImportColumn, String> cells, ImportColumn column) {
        String value = cells.get(column);
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new InvalidInputException(column.fieldName, "'" + abbreviated(value)
                    + "' is not true or false");
        };
    }

    private static boolean isBlank(CSVRecord record) {
        for (String value : record) {
            if (value != null && !value.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviated(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    private static String messageOf(Exception e) {
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        return cause.getMessage();
    }
}
