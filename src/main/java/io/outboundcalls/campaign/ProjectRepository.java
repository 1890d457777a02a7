package io.outboundcalls.campaign;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the project table. */
@Repository
public class ProjectRepository {

    private final JdbcClient jdbc;

    ProjectRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Project> find(UUID id) {
        return jdbc.sql("select * from project where id = :id").param("id", id).query(ProjectRepository::map).optional();
    }

    public List<Project> findAll() {
        return jdbc.sql("select * from project order by name").query(ProjectRepository::map).list();
    }

    public void insert(Project p) {
        jdbc.sql("""
                insert into project (id, name, caller_id, manual_scheduling, post_call_pause_seconds,
                    automatic_pcp_status_id, show_result_bar, result_wait_seconds, max_offer_attempts, default_priority)
                values (:id, :name, :callerId, :manual, :pcp, :pcpStatus, :showBar, :resultWait, :maxOffers, :priority)
                """)
                .param("id", p.id()).param("name", p.name()).param("callerId", p.callerId())
                .param("manual", p.manualScheduling()).param("pcp", p.postCallPauseSeconds())
                .param("pcpStatus", p.automaticPcpStatusId()).param("showBar", p.showResultBar())
                .param("resultWait", p.resultWaitSeconds()).param("maxOffers", p.maxOfferAttempts())
                .param("priority", p.defaultPriority())
                .update();
    }

    static Project map(ResultSet rs, int row) throws SQLException {
        return new Project(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("caller_id"),
                rs.getBoolean("manual_scheduling"),
                rs.getObject("post_call_pause_seconds", Integer.class),
                rs.getObject("automatic_pcp_status_id", UUID.class),
                rs.getBoolean("show_result_bar"),
                rs.getObject("result_wait_seconds", Integer.class),
                rs.getInt("max_offer_attempts"),
                rs.getInt("default_priority"));
    }
}
