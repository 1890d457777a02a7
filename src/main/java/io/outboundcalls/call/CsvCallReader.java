package io.outboundcalls.call;

import io.outboundcalls.campaign.OutboundList;
import io.outboundcalls.campaign.Project;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.phone.PhoneNumberNormalizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
    /** contact.contact_key and issue.issue_key are varchar(100). */
    private static final int MAX_KEY_LENGTH = 100;

    private final PhoneNumberNormalizer normalizer;
    private final OutboundList list;
    private final Project project;
    private final UUID importingAgentId;
    private final String importingLogin;
    /** Supervisors and administrators may name any agent in agentId; an agent only themselves. */
    private final boolean actsForOthers;
    private final OffsetDateTime now;

    CsvCallReader(PhoneNumberNormalizer normalizer, OutboundList list, Project project, UUID importingAgentId,
            String importingLogin, boolean actsForOthers, OffsetDateTime now) {
        this.actsForOthers = actsForOthers;
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

    private static SeedParameters cellsOf(CSVRecord record, List<ImportColumn> columns) {
        Map<String, String> cells = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            String value = record.get(i);
            if (value != null && !value.isEmpty()) {
                cells.put(columns.get(i).fieldName, value);
            }
        }
        return SeedParameters.of(cells);
    }

    private StagedCall stage(long line, SeedParameters cells) {
        String number = normalizer.normalize("number", cells.text("number"));
        String callKey = cells.text("callKey", CallIntake.MAX_CALL_KEY_LENGTH);
        UUID listId = cells.uuid("outboundListId");
        if (listId != null && !listId.equals(list.id())) {
            throw new InvalidInputException("outboundListId", "the file is imported into outbound list " + list.id()
                    + ", not " + listId);
        }
        UUID projectId = cells.uuid("projectId");
        if (projectId != null && !projectId.equals(project.id())) {
            throw new InvalidInputException("projectId", "project " + projectId + " is not the project of outbound list "
                    + list.id());
        }
        OffsetDateTime timeFrom = cells.time("timeFrom");
        OffsetDateTime timeTo = cells.time("timeTo");
        if (timeFrom != null && timeTo != null && !timeFrom.isBefore(timeTo)) {
            throw new InvalidInputException("timeTo", "must be later than timeFrom");
        }
        OffsetDateTime scheduleTime = cells.time("scheduleTime");
        Integer priority = cells.integer("priority");
        boolean predistributed = Boolean.TRUE.equals(cells.flag("predist"));
        UUID agentId = cells.uuid("agentId");
        if (agentId != null && !actsForOthers && !agentId.equals(importingAgentId)) {
            throw new InvalidInputException("agentId", "names another agent; " + importingLogin
                    + " imports calls only for themselves (acting for other agents needs the group supervisors)");
        }
        if (predistributed && agentId == null) {
            if (importingAgentId == null) {
                throw new InvalidInputException("agentId", "a predistributed call needs an agent, and "
                        + importingLogin + " is not one");
            }
            agentId = importingAgentId;
        }
        return new StagedCall(line, UUID.randomUUID(), number, cells.text("number"), callKey,
                scheduleTime != null ? scheduleTime : now, timeFrom, timeTo,
                priority != null ? priority : project.defaultPriority(), predistributed, agentId,
                cells.uuid("languageId"), cells.uuid("contactId"), cells.text("contactKey", MAX_KEY_LENGTH),
                cells.uuid("issueId"), cells.text("issueKey", MAX_KEY_LENGTH), cells.uuid("phoneNumberId"),
                cells.uuid("messageId"), cells.uuid("chatId"));
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
