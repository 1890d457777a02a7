package io.outboundcalls.agent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the agent_status table. */
@Repository
public class AgentStatusRepository {

    private final JdbcClient jdbc;

    AgentStatusRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<AgentStatus> find(UUID id) {
        return jdbc.sql("select * from agent_status where id = :id").param("id", id)
                .query(AgentStatusRepository::map).optional();
    }

    public List<AgentStatus> findAll() {
        return jdbc.sql("select * from agent_status order by name").query(AgentStatusRepository::map).list();
    }

    public void insert(AgentStatus status) {
        jdbc.sql("""
                insert into agent_status (id, name, activity_type, allows_predistributed)
                values (:id, :name, :type, :predist)
                """)
                .param("id", status.id()).param("name", status.name())
                .param("type", status.activityType().name()).param("predist", status.allowsPredistributed())
                .update();
    }

    static AgentStatus map(ResultSet rs, int row) throws SQLException {
        return new AgentStatus(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                ActivityType.valueOf(rs.getString("activity_type")),
                rs.getBoolean("allows_predistributed"));
    }
}
