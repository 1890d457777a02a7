package io.outboundcalls.agent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the workplace table. */
@Repository
public class WorkplaceRepository {

    private final JdbcClient jdbc;

    WorkplaceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Workplace> find(UUID id) {
        return jdbc.sql("select * from workplace where id = :id").param("id", id)
                .query(WorkplaceRepository::map).optional();
    }

    public void insert(Workplace workplace) {
        jdbc.sql("""
                insert into workplace (id, name, extension, agent_blocked_seconds)
                values (:id, :name, :extension, :blocked)
                """)
                .param("id", workplace.id()).param("name", workplace.name())
                .param("extension", workplace.extension()).param("blocked", workplace.agentBlockedSeconds())
                .update();
    }

    static Workplace map(ResultSet rs, int row) throws SQLException {
        return new Workplace(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("extension"),
                rs.getObject("agent_blocked_seconds", Integer.class));
    }

    public List<Workplace> findAll() {
        return jdbc.sql("select * from workplace order by name, extension").query(WorkplaceRepository::map).list();
    }

    /** Whether a workplace other than {@code exceptId} (null = any) already has this extension. */
    public boolean extensionTaken(String extension, UUID exceptId) {
        return jdbc.sql("select id from workplace where extension = :extension").param("extension", extension)
                .query(UUID.class).list().stream().anyMatch(id -> !id.equals(exceptId));
    }

    public void update(Workplace workplace) {
        jdbc.sql("""
                update workplace set name = :name, extension = :extension, agent_blocked_seconds = :blocked,
                    updated_at = current_timestamp, version = version + 1
                where id = :id
                """)
                .param("id", workplace.id()).param("name", workplace.name())
                .param("extension", workplace.extension()).param("blocked", workplace.agentBlockedSeconds())
                .update();
    }

    /** What refers to the workplace and keeps it from being deleted. */
    public List<String> usages(UUID id) {
        List<String> usages = new ArrayList<>();
        if (any("select 1 from agent where workplace_id = :id fetch first 1 rows only", id)) {
            usages.add("agents");
        }
        if (any("select 1 from outbound_call where workplace_id = :id fetch first 1 rows only", id)) {
            usages.add("calls");
        }
        return usages;
    }

    public boolean delete(UUID id) {
        return jdbc.sql("delete from workplace where id = :id").param("id", id).update() == 1;
    }

    private boolean any(String sql, UUID id) {
        return jdbc.sql(sql).param("id", id).query(Integer.class).optional().isPresent();
    }
}
