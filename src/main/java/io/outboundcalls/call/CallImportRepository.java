package io.outboundcalls.call;

import io.outboundcalls.system.DatabaseKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;

/**
 * The SQL of the CSV import, in one place. Rows go first into a temporary stage table of the import's transaction
 * (on PostgreSQL by {@code COPY}, elsewhere by JDBC batches); what they refer to is then checked and resolved for the
 * whole file in a few set-based statements, and the good rows go into outbound_call in one statement that the unique
 * index on (outbound_list_id, call_key) keeps free of duplicates.
 */
@Repository
class CallImportRepository {

    private static final int BATCH = 1000;

    private static final String STAGE_COLUMNS = "line, id, number, dialed_number, call_key, schedule_time, time_from,"
            + " time_to, priority, predistributed, agent_id, language_id, contact_id, contact_key, issue_id, issue_key,"
            + " phone_number_id, message_id, chat_id";

    private static final String STAGE_DEFINITION = """
            (line bigint not null, id uuid not null, number varchar(32) not null, dialed_number varchar(64),
             call_key varchar(48), schedule_time timestamp with time zone not null,
             time_from timestamp with time zone, time_to timestamp with time zone, priority integer not null,
             predistributed boolean not null, agent_id uuid, language_id uuid, contact_id uuid,
             contact_key varchar(100), issue_id uuid, issue_key varchar(100), phone_number_id uuid, message_id uuid,
             chat_id uuid, reason varchar(300)""";

    /** H2 finds a file's repeated CallKeys through this index; PostgreSQL's ON CONFLICT needs none (COPY is faster). */
    private static final String STAGE_INDEXES =
            ", primary key (line), constraint call_import_stage_key unique (call_key, line)";

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final DatabaseKind database;

    CallImportRepository(JdbcClient jdbc, DataSource dataSource, DatabaseKind database) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.database = database;
    }

    /** A writer of staged rows on the transaction's connection; call inside the import's transaction. */
    StageWriter openStage() {
        if (isPostgres()) {
            jdbc.sql("create temporary table call_import_stage " + STAGE_DEFINITION + ") on commit drop").update();
            return new CopyStageWriter(connection());
        }
        // H2: a session's temporary table lives on, and its rows go with each commit or rollback
        jdbc.sql("create local temporary table if not exists call_import_stage " + STAGE_DEFINITION
                + STAGE_INDEXES + ") on commit delete rows transactional").update();
        jdbc.sql("delete from call_import_stage").update();
        return new BatchStageWriter(connection());
    }

    /**
     * Checks and resolves what the staged rows refer to, by the same rules as {@link CallResolver}: the case from
     * IssueId, IssueKey, the message or the chat; the contact from ContactId, ContactKey, the message, the chat or the
     * case; the language from LanguageId or the case (the list's comes in {@link #insertCalls}). A row that refers to
     * something missing gets its reason. Only the statements for the file's columns run.
     */
    void resolveReferences(Set<ImportColumn> columns) {
        if (columns.contains(ImportColumn.MESSAGE_ID)) {
            rejectMissing("message_id", "message", "messageId: no message with id ");
        }
        if (columns.contains(ImportColumn.CHAT_ID)) {
            rejectMissing("chat_id", "chat", "chatId: no chat with id ");
        }
        if (columns.contains(ImportColumn.ISSUE_ID)) {
            rejectMissing("issue_id", "issue", "issueId: no case with id ");
        }
        if (columns.contains(ImportColumn.ISSUE_KEY)) {
            resolveKey("issue_key", "issue_id", "issue", "issueKey: no case with key ");
        }
        if (columns.contains(ImportColumn.MESSAGE_ID) || columns.contains(ImportColumn.CHAT_ID)) {
            jdbc.sql("""
                    update call_import_stage set issue_id = coalesce(
                        (select m.issue_id from message m where m.id = call_import_stage.message_id),
                        (select c.issue_id from chat c where c.id = call_import_stage.chat_id))
                    where reason is null and issue_id is null and (message_id is not null or chat_id is not null)""")
                    .update();
        }
        if (columns.contains(ImportColumn.CONTACT_ID)) {
            rejectMissing("contact_id", "contact", "contactId: no contact with id ");
        }
        if (columns.contains(ImportColumn.CONTACT_KEY)) {
            resolveKey("contact_key", "contact_id", "contact", "contactKey: no contact with key ");
        }
        boolean caseFromFile = columns.contains(ImportColumn.ISSUE_ID) || columns.contains(ImportColumn.ISSUE_KEY)
                || columns.contains(ImportColumn.MESSAGE_ID) || columns.contains(ImportColumn.CHAT_ID);
        if (caseFromFile) {
            jdbc.sql("""
                    update call_import_stage set contact_id = coalesce(
                        (select m.contact_id from message m where m.id = call_import_stage.message_id),
                        (select c.contact_id from chat c where c.id = call_import_stage.chat_id),
                        (select i.contact_id from issue i where i.id = call_import_stage.issue_id))
                    where reason is null and contact_id is null
                        and (message_id is not null or chat_id is not null or issue_id is not null)""").update();
        }
        if (columns.contains(ImportColumn.LANGUAGE_ID)) {
            rejectMissing("language_id", "language", "languageId: no language with id ");
        }
        if (caseFromFile) {
            jdbc.sql("""
                    update call_import_stage
                    set language_id = (select i.language_id from issue i where i.id = call_import_stage.issue_id)
                    where reason is null and language_id is null and issue_id is not null""").update();
        }
        if (columns.contains(ImportColumn.PHONE_NUMBER_ID)) {
            rejectMissing("phone_number_id", "phone_number", "phoneNumberId: no phone number with id ");
        }
        if (columns.contains(ImportColumn.AGENT_ID) || columns.contains(ImportColumn.PREDIST)) {
            rejectMissing("agent_id", "agent", "agentId: no agent with id ");
        }
    }

    /** A key (IssueKey, ContactKey) counts only where the id is not given; the table holds it in a same-named column. */
    private void resolveKey(String keyColumn, String idColumn, String table, String reason) {
        // column and table names are constants of this class, never input
        String unresolved = " where reason is null and " + idColumn + " is null and " + keyColumn + " is not null";
        jdbc.sql("update call_import_stage set " + idColumn + " = (select t.id from " + table + " t where t."
                + keyColumn + " = call_import_stage." + keyColumn + ")" + unresolved).update();
        jdbc.sql("update call_import_stage set reason = '" + reason + "''' || " + keyColumn + " || ''''"
                + unresolved).update();
    }

    private void rejectMissing(String column, String table, String reason) {
        jdbc.sql("update call_import_stage set reason = '" + reason + "' || cast(" + column + " as varchar(36))"
                + " where reason is null and " + column + " is not null and not exists (select 1 from " + table
                + " t where t.id = call_import_stage." + column + ")").update();
    }

    /** The first rejected staged rows in line order, and how many there are. */
    List<RejectedRow> rejectedRows(int limit) {
        return jdbc.sql("select line, reason from call_import_stage where reason is not null order by line"
                        + " limit :limit")
                .param("limit", limit)
                .query((rs, n) -> new RejectedRow(rs.getLong("line"), rs.getString("reason"))).list();
    }

    long countRejected() {
        return jdbc.sql("select count(*) from call_import_stage where reason is not null").query(Long.class).single();
    }

    /**
     * Writes the good staged rows as project calls of the list, each a row the SQL pick-up gives its process instance.
     * A row whose CallKey the list already has (or an earlier line of the file) is skipped; returns how many were
     * written.
     */
    long insertCalls(UUID listId, UUID projectId, UUID listLanguageId, CallPhase phase, OffsetDateTime now,
            CallType callType, CallOrigin origin) {
        String select = """
                select id, :callType, :phase, 'Scheduled', :list, :project, coalesce(language_id, :listLanguage),
                    contact_id, issue_id, phone_number_id, message_id, chat_id, number, dialed_number, agent_id,
                    predistributed, priority, schedule_time, time_from, time_to, call_key, :origin, :now, :now
                from call_import_stage s where reason is null""";
        String insert = """
                insert into outbound_call (id, call_type, call_phase, call_result, outbound_list_id, project_id,
                    language_id, contact_id, issue_id, phone_number_id, message_id, chat_id, number, dialed_number,
                    agent_id, predistributed, priority, schedule_time, time_from, time_to, call_key, origin,
                    created_at, updated_at)
                """;
        String sql;
        if (isPostgres()) {
            // the first line of a CallKey wins, also against a concurrent import into the same list
            sql = insert + select + " order by line on conflict (outbound_list_id, call_key) do nothing";
        } else {
            jdbc.sql("""
                    delete from call_import_stage where reason is null and call_key is not null and exists (
                        select 1 from call_import_stage e
                        where e.call_key = call_import_stage.call_key and e.line < call_import_stage.line
                            and e.reason is null)""").update();
            sql = insert + select + " and (call_key is null or not exists (select 1 from outbound_call c"
                    + " where c.outbound_list_id = :list and c.call_key = s.call_key)) order by line";
        }
        return jdbc.sql(sql).param("phase", phase.name()).param("callType", callType.name())
                .param("origin", origin.name()).param("list", listId).param("project", projectId)
                .param("listLanguage", listLanguageId)
                .param("now", now).update();
    }

    private Connection connection() {
        // the connection of the surrounding transaction, so the stage and outbound_call commit together
        return DataSourceUtils.getConnection(dataSource);
    }

    boolean isPostgres() {
        return database.isPostgres();
    }

    /** Staged rows on their way into the stage table. */
    interface StageWriter extends AutoCloseable {
        void write(StagedCall call);

        /** Flushes what is buffered; returns how many rows were staged in all. */
        long finish();

        @Override
        void close();
    }

    /** PostgreSQL: one COPY for the whole file, fed in chunks as the rows come. */
    private static final class CopyStageWriter implements StageWriter {

        private static final int CHUNK = 256 * 1024;

        private final CopyIn copy;
        private final StringBuilder buffer = new StringBuilder(CHUNK + 4096);
        private long rows;
        private boolean finished;

        CopyStageWriter(Connection connection) {
            try {
                copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy call_import_stage ("
                        + STAGE_COLUMNS + ") from stdin with (format csv)");
            } catch (SQLException e) {
                throw new CannotGetJdbcConnectionException("cannot start COPY into the import stage", e);
            }
        }

        @Override
        public void write(StagedCall c) {
            buffer.append(c.line()).append(',').append(c.id()).append(',');
            quoted(c.number()).append(',');
            quoted(c.dialedNumber()).append(',');
            quoted(c.callKey()).append(',');
            plain(c.scheduleTime()).append(',');
            plain(c.timeFrom()).append(',');
            plain(c.timeTo()).append(',');
            buffer.append(c.priority()).append(',').append(c.predistributed()).append(',');
            plain(c.agentId()).append(',');
            plain(c.languageId()).append(',');
            plain(c.contactId()).append(',');
            quoted(c.contactKey()).append(',');
            plain(c.issueId()).append(',');
            quoted(c.issueKey()).append(',');
            plain(c.phoneNumberId()).append(',');
            plain(c.messageId()).append(',');
            plain(c.chatId()).append('\n');
            rows++;
            if (buffer.length() >= CHUNK) {
                flush();
            }
        }

        private StringBuilder plain(Object value) {
            return value == null ? buffer : buffer.append(value);
        }

        /** COPY's CSV: an unquoted empty cell is NULL, a quoted one the empty string. */
        private StringBuilder quoted(String value) {
            if (value == null) {
                return buffer;
            }
            buffer.append('"');
            for (int i = 0; i < value.length(); i++) {
                char ch = value.charAt(i);
                if (ch == '"') {
                    buffer.append('"');
                }
                buffer.append(ch);
            }
            return buffer.append('"');
        }

        private void flush() {
            if (buffer.isEmpty()) {
                return;
            }
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            buffer.setLength(0);
            try {
                copy.writeToCopy(bytes, 0, bytes.length);
            } catch (SQLException e) {
                throw new UncheckedIOException(new IOException("COPY into the import stage failed", e));
            }
        }

        @Override
        public long finish() {
            flush();
            try {
                copy.endCopy();
                finished = true;
            } catch (SQLException e) {
                throw new UncheckedIOException(new IOException("COPY into the import stage failed", e));
            }
            return rows;
        }

        @Override
        public void close() {
            if (!finished && copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException e) {
                    // the transaction rolls back anyway; the connection is usable again after the cancel attempt
                }
            }
        }
    }

    /** Other databases (H2): JDBC batches. */
    private static final class BatchStageWriter implements StageWriter {

        private final PreparedStatement insert;
        private int pending;
        private long rows;

        BatchStageWriter(Connection connection) {
            try {
                insert = connection.prepareStatement("insert into call_import_stage (" + STAGE_COLUMNS
                        + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            } catch (SQLException e) {
                throw new CannotGetJdbcConnectionException("cannot prepare the import stage", e);
            }
        }

        @Override
        public void write(StagedCall c) {
            try {
                insert.setLong(1, c.line());
                insert.setObject(2, c.id());
                insert.setString(3, c.number());
                insert.setString(4, c.dialedNumber());
                insert.setString(5, c.callKey());
                insert.setObject(6, c.scheduleTime());
                insert.setObject(7, c.timeFrom());
                insert.setObject(8, c.timeTo());
                insert.setInt(9, c.priority());
                insert.setBoolean(10, c.predistributed());
                insert.setObject(11, c.agentId());
                insert.setObject(12, c.languageId());
                insert.setObject(13, c.contactId());
                insert.setString(14, c.contactKey());
                insert.setObject(15, c.issueId());
                insert.setString(16, c.issueKey());
                insert.setObject(17, c.phoneNumberId());
                insert.setObject(18, c.messageId());
                insert.setObject(19, c.chatId());
                insert.addBatch();
                rows++;
                if (++pending == BATCH) {
                    insert.executeBatch();
                    pending = 0;
                }
            } catch (SQLException e) {
                throw new UncheckedIOException(new IOException("writing the import stage failed", e));
            }
        }

        @Override
        public long finish() {
            try {
                if (pending > 0) {
                    insert.executeBatch();
                    pending = 0;
                }
            } catch (SQLException e) {
                throw new UncheckedIOException(new IOException("writing the import stage failed", e));
            }
            return rows;
        }

        @Override
        public void close() {
            try {
                insert.close();
            } catch (SQLException e) {
                // nothing to release beyond the statement
            }
        }
    }
}
