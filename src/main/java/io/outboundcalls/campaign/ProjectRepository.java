package io.outboundcalls.campaign;

import io.outboundcalls.agent.ProjectsOfAgents;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the project table. */
@Repository
public class ProjectRepository implements ProjectsOfAgents {

    private final JdbcClient jdbc;

    ProjectRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean projectExists(UUID projectId) {
        return jdbc.sql("select count(*) from project where id = :id").param("id", projectId).query(Integer.class)
                .single() > 0;
    }

    public Optional<Project> find(UUID id) {
        return jdbc.sql("select * from project where id = :id").param("id", id).query(ProjectRepository::map).optional();
    }

    public Optional<Project> findByName(String name) {
        return jdbc.sql("select * from project where name = :name").param("name", name)
                .query(ProjectRepository::map).optional();
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

    /** Whether a project other than {@code exceptId} (null = any) already has this name. */
    public boolean nameTaken(String name, UUID exceptId) {
        return jdbc.sql("select id from project where name = :name").param("name", name).query(UUID.class).list()
                .stream().anyMatch(id -> !id.equals(exceptId));
    }

    public void update(Project p) {
        jdbc.sql("""
                update project set name = :name, caller_id = :callerId, manual_scheduling = :manual,
                    post_call_pause_seconds = :pcp, automatic_pcp_status_id = :pcpStatus, show_result_bar = :showBar,
                    result_wait_seconds = :resultWait, max_offer_attempts = :maxOffers, default_priority = :priority,
                    updated_at = current_timestamp, version = version + 1
                where id = :id
                """)
                .param("id", p.id()).param("name", p.name()).param("callerId", p.callerId())
                .param("manual", p.manualScheduling()).param("pcp", p.postCallPauseSeconds())
                .param("pcpStatus", p.automaticPcpStatusId()).param("showBar", p.showResultBar())
                .param("resultWait", p.resultWaitSeconds()).param("maxOffers", p.maxOfferAttempts())
                .param("priority", p.defaultPriority())
                .update();
    }

    /**
     * What still refers to the project and would be lost or changed by deleting it: outbound lists, calls, cases,
     * and call result details limited to it (without the project they would be offered for every project).
     * Agents' skills are not listed: they go with the project.
     */
    public List<String> usages(UUID id) {
        List<String> usages = new ArrayList<>();
        if (any("select 1 from outbound_list where project_id = :id fetch first 1 rows only", id)) {
            usages.add("outbound lists");
        }
        if (any("select 1 from outbound_call where project_id = :id fetch first 1 rows only", id)) {
            usages.add("calls");
        }
        if (any("select 1 from issue where project_id = :id fetch first 1 rows only", id)) {
            usages.add("issues");
        }
        if (any("select 1 from call_result_detail_project where project_id = :id fetch first 1 rows only", id)) {
            usages.add("call result details limited to it");
        }
        return usages;
    }

    public boolean delete(UUID id) {
        return jdbc.sql("delete from project where id = :id").param("id", id).update() == 1;
    }

    /** The names of projects whose automatic PCP status this is. */
    @Override
    public List<String> namesWithPcpStatus(UUID statusId) {
        return jdbc.sql("select name from project where automatic_pcp_status_id = :status order by name")
                .param("status", statusId).query(String.class).list();
    }

    private boolean any(String sql, UUID id) {
        return jdbc.sql(sql).param("id", id).query(Integer.class).optional().isPresent();
    }
}
