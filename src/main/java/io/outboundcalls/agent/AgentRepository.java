package io.outboundcalls.agent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
     * Ends the post-call pause of this call "back to Ready" (the seed): to the Ready status the agent had before it,
     * or, when that was none (a call made in a pause), the default Ready status, the Ready status set up first. Does
     * nothing when the agent chose another status meanwhile (which cleared pcp_call_id).
     */
    public boolean returnFromPostCallPause(UUID agentId, UUID callId, OffsetDateTime now) {
        return jdbc.sql("""
                update agent set status_id = coalesce(
                        (select s.id from agent_status s where s.id = agent.status_before_pcp_id
                            and s.activity_type = 'Ready'),
                        (select s.id from agent_status s where s.activity_type = 'Ready'
                            order by s.created_at, s.name fetch first 1 rows only),
                        agent.status_id),
                    status_before_pcp_id = null, pcp_call_id = null,
                    status_changed_at = :now, updated_at = :now, version = version + 1
                where id = :id and pcp_call_id = :call
                """)
                .param("id", agentId).param("call", callId).param("now", now).update() == 1;
    }

    /**
     * A call the agent makes themselves (a private call, a Visitor at the counter) takes their free line, so no call
     * is offered to them meanwhile; a line that already holds a call keeps it, and passes to this one when that call
     * leaves it ({@link #releaseLine}). Returns whether it took the line.
     */
    public boolean occupyLine(UUID agentId, UUID callId, OffsetDateTime now) {
        return jdbc.sql("""
                update agent set current_call_id = :call, updated_at = :now, version = version + 1
                where id = :id and current_call_id is null
                """)
                .param("id", agentId).param("call", callId).param("now", now).update() == 1;
    }

    /**
     * The agent's own calls still open beside the one that leaves the line: private calls "can be made at any time",
     * so one may be dialed, or a Visitor recorded, while the line holds another call. When that call leaves, the line
     * passes to the oldest of them rather than coming free under a live call (and a campaign call being offered).
     */
    private static final String OWN_CALL_STILL_OPEN = """
            from outbound_call c
            where c.agent_id = agent.id and c.id <> :call and c.call_type in ('Private', 'Visitor')
              and c.call_phase <> 'Finished' and c.call_result = 'Prepared'
            """;

    /** The line leaves this call: to the agent's own call still open ({@link #OWN_CALL_STILL_OPEN}), else free. */
    public void releaseLine(UUID agentId, UUID callId, OffsetDateTime now) {
        lockAgents(List.of(agentId));
        jdbc.sql(lineLeaves("id = :id and current_call_id = :call"))
                .param("id", agentId).param("call", callId).param("now", now).update();
    }

    /**
     * The line of whichever agent holds this call leaves it, as in {@link #releaseLine}. The call's own agent is
     * locked too: a line that another transaction is passing to this call holds it only once that one commits.
     */
    public void releaseLineOfCall(UUID callId, OffsetDateTime now) {
        List<UUID> holders = new ArrayList<>(jdbc.sql("select id from agent where current_call_id = :call")
                .param("call", callId).query(UUID.class).list());
        holders.addAll(jdbc.sql("select agent_id from outbound_call where id = :call and agent_id is not null")
                .param("call", callId).query(UUID.class).list());
        lockAgents(holders);
        jdbc.sql(lineLeaves("current_call_id = :call")).param("call", callId).param("now", now).update();
    }

    /**
     * Row locks on the agents before their line is read: two of an agent's calls that end at once (a campaign call
     * and a private call beside it) each pass the line on, and without the lock each would read the other's call as
     * still open and the line could be left with a Finished call for ever. The lock waits for the other's commit, so
     * the statement after it reads what that one wrote. In id order, so that two such releases never deadlock.
     */
    private void lockAgents(Collection<UUID> agentIds) {
        agentIds.stream().distinct().sorted().forEach(id -> jdbc.sql("select id from agent where id = :id for update")
                .param("id", id).query(UUID.class).optional());
    }

    private static String lineLeaves(String which) {
        return "update agent set current_call_id = (select c.id " + OWN_CALL_STILL_OPEN
                + " order by c.created_at, c.id fetch first 1 rows only),"
                + " line_freed_at = case when exists (select 1 " + OWN_CALL_STILL_OPEN + ") then line_freed_at"
                + " else :now end, updated_at = :now, version = version + 1 where " + which;
    }

    /** The unified queue's view of the agent: what the other channels reported, and the engine's own call. */
    public Optional<AgentWorkload> findWorkload(UUID agentId) {
        return jdbc.sql("select active_interactions, current_call_id, capacity from agent where id = :id")
                .param("id", agentId)
                .query((rs, row) -> AgentWorkload.of(agentId, rs.getInt("active_interactions"),
                        rs.getObject("current_call_id") != null, rs.getInt("capacity")))
                .optional();
    }

    /** What the other channels report; the engine's own interaction is never stored here (see current_call_id). */
    public void reportWorkload(UUID agentId, int otherChannels, int capacity, OffsetDateTime now) {
        jdbc.sql("""
                update agent set active_interactions = :active, capacity = :capacity, updated_at = :now,
                    version = version + 1
                where id = :id
                """)
                .param("id", agentId).param("active", otherChannels).param("capacity", capacity).param("now", now)
                .update();
    }

    /** The workplace's "Agent blocked [s]": no offers to the agent until then. */
    public void blockUntil(UUID agentId, OffsetDateTime until, OffsetDateTime now) {
        jdbc.sql("""
                update agent set blocked_until = :until, updated_at = :now, version = version + 1 where id = :id
                """)
                .param("id", agentId).param("until", until).param("now", now).update();
    }

    /**
     * The PBX's word on the phone of the agents seated at this extension (their workplace's): a Busy phone, with any
     * call the engine did not make as well, keeps them from outbound offers. Returns the agents whose state changed.
     */
    public int reportPhoneLine(String extension, LineState state) {
        return jdbc.sql("""
                update agent set line_state = :state
                where line_state <> :state and workplace_id in (select id from workplace where extension = :extension)
                """)
                .param("state", state.name()).param("extension", extension).update();
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

    public List<Agent> findAll() {
        return jdbc.sql("select * from agent order by name, login").query(AgentRepository::map).list();
    }

    /** The projects the agent has skills for. */
    public List<UUID> skillsOf(UUID agentId) {
        return jdbc.sql("select project_id from agent_project_skill where agent_id = :agent order by project_id")
                .param("agent", agentId).query(UUID.class).list();
    }

    /** The languages the agent speaks. */
    public List<UUID> languagesOf(UUID agentId) {
        return jdbc.sql("select language_id from agent_language where agent_id = :agent order by language_id")
                .param("agent", agentId).query(UUID.class).list();
    }

    /** The administered data of an agent; their live state (status, line, pause) is the engine's. */
    public void updateProfile(UUID agentId, String name, boolean allowWrite, UUID workplaceId) {
        jdbc.sql("""
                update agent set name = :name, allow_write = :allowWrite, workplace_id = :workplace,
                    updated_at = current_timestamp, version = version + 1
                where id = :id
                """)
                .param("id", agentId).param("name", name).param("allowWrite", allowWrite)
                .param("workplace", workplaceId).update();
    }

    public void removeSkills(UUID agentId) {
        jdbc.sql("delete from agent_project_skill where agent_id = :agent").param("agent", agentId).update();
    }

    public void removeLanguages(UUID agentId) {
        jdbc.sql("delete from agent_language where agent_id = :agent").param("agent", agentId).update();
    }

    /** Whether any call names the agent; such an agent stays, so the calls' history keeps who handled them. */
    public boolean hasCalls(UUID agentId) {
        return jdbc.sql("select 1 from outbound_call where agent_id = :agent fetch first 1 rows only")
                .param("agent", agentId).query(Integer.class).optional().isPresent();
    }

    /** Deletes the agent with their skills and languages (cascaded by the schema). */
    public boolean delete(UUID agentId) {
        return jdbc.sql("delete from agent where id = :id").param("id", agentId).update() == 1;
    }
}
