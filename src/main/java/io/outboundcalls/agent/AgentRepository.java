package io.outboundcalls.agent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the agent table and the agent's skills and languages. */
@Repository
public class AgentRepository {

    private final JdbcClient jdbc;

    AgentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Agent> find(UUID id) {
        return jdbc.sql("select * from agent where id = :id").param("id", id).query(AgentRepository::map).optional();
    }

    public Optional<Agent> findByLogin(String login) {
        return jdbc.sql("select * from agent where login = :login").param("login", login)
                .query(AgentRepository::map).optional();
    }

    /** A status chosen by the agent ends any automatic post-call pause bookkeeping. */
    public void changeStatus(UUID agentId, UUID statusId, OffsetDateTime now) {
        jdbc.sql("""
                update agent set status_id = :status, status_changed_at = :now, status_before_pcp_id = null,
                    pcp_call_id = null, updated_at = :now, version = version + 1
                where id = :id
                """)
                .param("id", agentId).param("status", statusId).param("now", now).update();
    }

    public void switchToPostCallPause(UUID agentId, UUID pcpStatusId, UUID callId, OffsetDateTime now) {
        jdbc.sql("""
                update agent set status_before_pcp_id = status_id, status_id = :pcp, pcp_call_id = :call,
                    status_changed_at = :now, updated_at = :now, version = version + 1
                where id = :id
                """)
                .param("id", agentId).param("pcp", pcpStatusId).param("call", callId).param("now", now).update();
    }

    /**
     * Ends the post-call pause of this call, back to the status the agent had before it; does nothing when the
     * agent chose another status meanwhile (which cleared pcp_call_id).
     */
    public boolean returnFromPostCallPause(UUID agentId, UUID callId, OffsetDateTime now) {
        return jdbc.sql("""
                update agent set status_id = status_before_pcp_id, status_before_pcp_id = null, pcp_call_id = null,
                    status_changed_at = :now, updated_at = :now, version = version + 1
                where id = :id and pcp_call_id = :call and status_before_pcp_id is not null
                """)
                .param("id", agentId).param("call", callId).param("now", now).update() == 1;
    }

    /** Puts the call on the agent's line; false when the line already holds another call. */
    public boolean occupyLine(UUID agentId, UUID callId, OffsetDateTime now) {
        return jdbc.sql("""
                update agent set current_call_id = :call, updated_at = :now, version = version + 1
                where id = :id and current_call_id is null
                """)
                .param("id", agentId).param("call", callId).param("now", now).update() == 1;
    }

    public void releaseLine(UUID agentId, UUID callId, OffsetDateTime now) {
        jdbc.sql("""
                update agent set current_call_id = null, updated_at = :now, version = version + 1
                where id = :id and current_call_id = :call
                """)
                .param("id", agentId).param("call", callId).param("now", now).update();
    }

    public void insert(Agent agent) {
        jdbc.sql("""
                insert into agent (id, name, login, allow_write, workplace_id, status_id, status_changed_at)
                values (:id, :name, :login, :allowWrite, :workplace, :status, current_timestamp)
                """)
                .param("id", agent.id()).param("name", agent.name()).param("login", agent.login())
                .param("allowWrite", agent.allowWrite()).param("workplace", agent.workplaceId())
                .param("status", agent.statusId())
                .update();
    }

    public void addSkills(UUID agentId, Collection<UUID> projectIds) {
        for (UUID projectId : projectIds) {
            jdbc.sql("insert into agent_project_skill (agent_id, project_id) values (:agent, :project)")
                    .param("agent", agentId).param("project", projectId).update();
        }
    }

    public void addLanguages(UUID agentId, Collection<UUID> languageIds) {
        for (UUID languageId : languageIds) {
            jdbc.sql("insert into agent_language (agent_id, language_id) values (:agent, :language)")
                    .param("agent", agentId).param("language", languageId).update();
        }
    }

    static Agent map(ResultSet rs, int row) throws SQLException {
        return new Agent(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("login"),
                rs.getBoolean("allow_write"),
                rs.getObject("workplace_id", UUID.class),
                rs.getObject("status_id", UUID.class),
                LineState.valueOf(rs.getString("line_state")),
                rs.getObject("current_call_id", UUID.class),
                rs.getObject("blocked_until", OffsetDateTime.class),
                rs.getObject("status_before_pcp_id", UUID.class),
                rs.getObject("pcp_call_id", UUID.class));
    }
}
