package io.outboundcalls.agent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the language table. */
@Repository
public class LanguageRepository {

    private final JdbcClient jdbc;

    LanguageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Language> find(UUID id) {
        return jdbc.sql("select * from language where id = :id").param("id", id)
                .query(LanguageRepository::map).optional();
    }

    public Optional<Language> findByCode(String code) {
        return jdbc.sql("select * from language where code = :code").param("code", code)
                .query(LanguageRepository::map).optional();
    }

    public List<Language> findAll() {
        return jdbc.sql("select * from language order by name, code").query(LanguageRepository::map).list();
    }

    /** Whether a language other than {@code exceptId} (null = any) already has this code. */
    public boolean codeTaken(String code, UUID exceptId) {
        return jdbc.sql("select id from language where code = :code").param("code", code).query(UUID.class).list()
                .stream().anyMatch(id -> !id.equals(exceptId));
    }

    public void insert(Language language) {
        jdbc.sql("insert into language (id, name, code) values (:id, :name, :code)")
                .param("id", language.id()).param("name", language.name()).param("code", language.code())
                .update();
    }

    public void update(Language language) {
        jdbc.sql("""
                update language set name = :name, code = :code, updated_at = current_timestamp, version = version + 1
                where id = :id
                """)
                .param("id", language.id()).param("name", language.name()).param("code", language.code())
                .update();
    }

    /** What refers to the language and keeps it from being deleted; agents' proficiencies go with it. */
    public List<String> usages(UUID id) {
        List<String> usages = new ArrayList<>();
        if (any("select 1 from outbound_list where language_id = :id fetch first 1 rows only", id)) {
            usages.add("outbound lists");
        }
        if (any("select 1 from outbound_call where language_id = :id fetch first 1 rows only", id)) {
            usages.add("calls");
        }
        if (any("select 1 from issue where language_id = :id fetch first 1 rows only", id)) {
            usages.add("issues");
        }
        return usages;
    }

    public boolean delete(UUID id) {
        return jdbc.sql("delete from language where id = :id").param("id", id).update() == 1;
    }

    private boolean any(String sql, UUID id) {
        return jdbc.sql(sql).param("id", id).query(Integer.class).optional().isPresent();
    }

    static Language map(ResultSet rs, int row) throws SQLException {
        return new Language(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("code"));
    }
}
