package io.outboundcalls.call;

import io.outboundcalls.domain.InvalidInputException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the records a new call refers to (contact, phone number, case, message, chat): checks that they exist, so a
 * bad id is a 400 naming the field, not a broken key, and reads what the editor's resolution rules take from them.
 */
@Component
class CallReferences {

    /** The tables a call refers to; their names are constants, never input. */
    enum Reference {
        LANGUAGE("languageId", "select count(*) from language where id = :id"),
        CONTACT("contactId", "select count(*) from contact where id = :id"),
        ISSUE("issueId", "select count(*) from issue where id = :id"),
        PHONE_NUMBER("phoneNumberId", "select count(*) from phone_number where id = :id"),
        MESSAGE("messageId", "select count(*) from message where id = :id"),
        CHAT("chatId", "select count(*) from chat where id = :id"),
        AGENT("agentId", "select count(*) from agent where id = :id");

        private final String field;
        private final String sql;

        Reference(String field, String sql) {
            this.field = field;
            this.sql = sql;
        }
    }

    /** A case (the seed's issue): the project, language and contact a call made for it takes. */
    record Issue(UUID id, String issueKey, UUID projectId, UUID languageId, UUID contactId) {
    }

    /** A message or chat a call is made from: its case and contact. */
    record Conversation(UUID id, UUID issueId, UUID contactId) {
    }

    /** A contact with its external key. */
    record Contact(UUID id, String name, String contactKey) {
    }

    private final JdbcClient jdbc;

    CallReferences(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void requireExisting(Reference reference, UUID id) {
        if (id != null && jdbc.sql(reference.sql).param("id", id).query(Long.class).single() == 0) {
            throw new InvalidInputException(reference.field, "no record with id " + id);
        }
    }

    Optional<Issue> issue(UUID id) {
        return jdbc.sql("select id, issue_key, project_id, language_id, contact_id from issue where id = :id")
                .param("id", id).query(CallReferences::issue).optional();
    }

    Optional<Issue> issueByKey(String issueKey) {
        return jdbc.sql("select id, issue_key, project_id, language_id, contact_id from issue where issue_key = :key")
                .param("key", issueKey).query(CallReferences::issue).optional();
    }

    Optional<Contact> contact(UUID id) {
        return jdbc.sql("select id, name, contact_key from contact where id = :id").param("id", id)
                .query(CallReferences::contact).optional();
    }

    Optional<Contact> contactByKey(String contactKey) {
        return jdbc.sql("select id, name, contact_key from contact where contact_key = :key").param("key", contactKey)
                .query(CallReferences::contact).optional();
    }

    Optional<Conversation> message(UUID id) {
        return jdbc.sql("select id, issue_id, contact_id from message where id = :id").param("id", id)
                .query(CallReferences::conversation).optional();
    }

    Optional<Conversation> chat(UUID id) {
        return jdbc.sql("select id, issue_id, contact_id from chat where id = :id").param("id", id)
                .query(CallReferences::conversation).optional();
    }

    private static Issue issue(ResultSet rs, int row) throws SQLException {
        return new Issue(rs.getObject("id", UUID.class), rs.getString("issue_key"),
                rs.getObject("project_id", UUID.class), rs.getObject("language_id", UUID.class),
                rs.getObject("contact_id", UUID.class));
    }

    private static Contact contact(ResultSet rs, int row) throws SQLException {
        return new Contact(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("contact_key"));
    }

    private static Conversation conversation(ResultSet rs, int row) throws SQLException {
        return new Conversation(rs.getObject("id", UUID.class), rs.getObject("issue_id", UUID.class),
                rs.getObject("contact_id", UUID.class));
    }
}
