package io.outboundcalls.campaign;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the outbound_list table. */
@Repository
public class OutboundListRepository {

    private final JdbcClient jdbc;

    OutboundListRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<OutboundList> find(UUID id) {
        return jdbc.sql("select * from outbound_list where id = :id").param("id", id)
                .query(OutboundListRepository::map).optional();
    }

    public List<OutboundList> findAll() {
        return jdbc.sql("select * from outbound_list order by created_at, name").query(OutboundListRepository::map).list();
    }

    /** The seed's "first outbound campaign with the corresponding project": the oldest Running list. */
    public Optional<OutboundList> findFirstRunning(UUID projectId) {
        return jdbc.sql("""
                select * from outbound_list where project_id = :project and state = 'Running'
                order by created_at, id fetch first 1 rows only
                """)
                .param("project", projectId).query(OutboundListRepository::map).optional();
    }

    public void insert(OutboundList list) {
        jdbc.sql("""
                insert into outbound_list (id, name, project_id, language_id, state, time_from, time_to)
                values (:id, :name, :project, :language, :state, :from, :to)
                """)
                .param("id", list.id()).param("name", list.name()).param("project", list.projectId())
                .param("language", list.languageId()).param("state", list.state().name())
                .param("from", list.timeFrom()).param("to", list.timeTo())
                .update();
    }

    static OutboundList map(ResultSet rs, int row) throws SQLException {
        return new OutboundList(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getObject("project_id", UUID.class),
                rs.getObject("language_id", UUID.class),
                OutboundListState.valueOf(rs.getString("state")),
                rs.getObject("time_from", LocalTime.class),
                rs.getObject("time_to", LocalTime.class));
    }

    public void update(OutboundList list) {
        jdbc.sql("""
                update outbound_list set name = :name, project_id = :project, language_id = :language, state = :state,
                    time_from = :from, time_to = :to, updated_at = current_timestamp, version = version + 1
                where id = :id
                """)
                .param("id", list.id()).param("name", list.name()).param("project", list.projectId())
                .param("language", list.languageId()).param("state", list.state().name())
                .param("from", list.timeFrom()).param("to", list.timeTo())
                .update();
    }

    public void changeState(UUID id, OutboundListState state) {
        jdbc.sql("""
                update outbound_list set state = :state, updated_at = current_timestamp, version = version + 1
                where id = :id
                """)
                .param("id", id).param("state", state.name()).update();
    }

    public boolean hasCalls(UUID id) {
        return jdbc.sql("select 1 from outbound_call where outbound_list_id = :id fetch first 1 rows only")
                .param("id", id).query(Integer.class).optional().isPresent();
    }

    public boolean delete(UUID id) {
        return jdbc.sql("delete from outbound_list where id = :id").param("id", id).update() == 1;
    }
}
