package io.outboundcalls.call;

import io.outboundcalls.web.InvalidInputException;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Checks that the records a new call refers to exist, so a bad id is a 400 naming the field, not a broken key. */
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

    private final JdbcClient jdbc;

    CallReferences(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void requireExisting(Reference reference, UUID id) {
        if (id != null && jdbc.sql(reference.sql).param("id", id).query(Long.class).single() == 0) {
            throw new InvalidInputException(reference.field, "no record with id " + id);
        }
    }
}
