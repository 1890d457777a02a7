package io.outboundcalls.agent;

import java.sql.ResultSet;
import java.sql.SQLException;
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
}
