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

    /** Whether a status other than {@code exceptId} (null = any) already has this name. */
    public boolean nameTaken(String name, UUID exceptId) {
        return jdbc.sql("select id from agent_status where name = :name").param("name", name).query(UUID.class).list()
                .stream().anyMatch(id -> !id.equals(exceptId));
    }

    /** The first status of this activity type by name, such as the Offline status new agents start in. */
    public Optional<AgentStatus> findFirst(ActivityType activityType) {
        return jdbc.sql("""
                select * from agent_status where activity_type = :type order by name, id fetch first 1 rows only
                """)
                .param("type", activityType.name()).query(AgentStatusRepository::map).optional();
    }

    public void update(AgentStatus status) {
        jdbc.sql("""
                update agent_status set name = :name, activity_type = :type, allows_predistributed = :predist,
                    updated_at = current_timestamp, version = version + 1
                where id = :id
                """)
                .param("id", status.id()).param("name", status.name())
                .param("type", status.activityType().name()).param("predist", status.allowsPredistributed())
                .update();
    }

    /** Whether an agent is in this status or returns to it after a post-call pause. */
    public boolean usedByAgents(UUID id) {
        return jdbc.sql("""
                select 1 from agent where status_id = :id or status_before_pcp_id = :id fetch first 1 rows only
                """)
                .param("id", id).query(Integer.class).optional().isPresent();
    }

    public boolean delete(UUID id) {
        return jdbc.sql("delete from agent_status where id = :id").param("id", id).update() == 1;
    }
}
