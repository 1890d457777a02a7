package io.outboundcalls.distribution;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The queries of the distribution cycle: who can take a call, which calls are due, what SQL writers changed. */
@Repository
class DistributionRepository {

    private final JdbcClient jdbc;

    DistributionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Agents in a Ready status with a free line and no hold-off, longest-waiting first. */
    List<ReadyAgent> findReadyAgents(OffsetDateTime now) {
        return jdbc.sql("""
                select a.id, a.login, a.workplace_id, s.allows_predistributed
                from agent a
                join agent_status s on s.id = a.status_id
                where s.activity_type = 'Ready' and a.current_call_id is null and a.line_state = 'Free'
                  and a.workplace_id is not null
                  and (a.blocked_until is null or a.blocked_until <= :now)
                order by a.status_changed_at, a.id
                """)
                .param("now", now)
                .query((rs, row) -> new ReadyAgent(rs.getObject("id", UUID.class), rs.getString("login"),
                        rs.getObject("workplace_id", UUID.class), rs.getBoolean("allows_predistributed")))
                .list();
    }

    /** Locks the agent's row if no other node holds it and the line is still free. */
    boolean lockFreeAgent(UUID agentId) {
        return !jdbc.sql("select id from agent where id = :id and current_call_id is null for update skip locked")
                .param("id", agentId).query(UUID.class).list().isEmpty();
    }

    /**
     * The best due calls for the agent: calls predistributed to them first, then priority, then schedule time.
     * Only calls of Running lists, in their time window, of a project the agent has the skill for.
     */
    List<UUID> findDueCallsFor(ReadyAgent agent, OffsetDateTime now, int limit) {
        return jdbc.sql("""
                select c.id from outbound_call c
                join outbound_list l on l.id = c.outbound_list_id
                where c.call_phase = 'Enqueue' and c.process_phase = 'Enqueue' and c.call_result = 'Scheduled'
                  and l.state = 'Running'
                  and c.schedule_time <= :now
                  and (c.time_from is null or c.time_from <= :now)
                  and (c.time_to is null or c.time_to > :now)
                  and exists (select 1 from agent_project_skill s
                              where s.agent_id = :agent and s.project_id = c.project_id)
                  and (c.language_id is null or exists (select 1 from agent_language al
                              where al.agent_id = :agent and al.language_id = c.language_id))
                  and (c.predistributed = false or (c.agent_id = :agent and :allowsPredistributed = true))
                order by case when c.predistributed then 0 else 1 end, c.priority desc, c.schedule_time, c.id
                fetch first :limit rows only
                """)
                .param("now", now).param("agent", agent.id())
                .param("allowsPredistributed", agent.allowsPredistributed()).param("limit", limit)
                .query(UUID.class).list();
    }

    /** Locks the call if no other node holds it and it still waits in Enqueue as Scheduled. */
    boolean lockDueCall(UUID callId) {
        return !jdbc.sql("""
                select id from outbound_call
                where id = :id and call_phase = 'Enqueue' and process_phase = 'Enqueue' and call_result = 'Scheduled'
                for update skip locked
                """)
                .param("id", callId).query(UUID.class).list().isEmpty();
    }

    /** Rows written straight into the table (SQL integration, bulk import) that have no process instance yet. */
    List<UUID> findRowsWithoutProcess(int limit) {
        return jdbc.sql("""
                select id from outbound_call where process_instance_id is null
                order by created_at, id fetch first :limit rows only
                """)
                .param("limit", limit).query(UUID.class).list();
    }

    boolean lockRowWithoutProcess(UUID callId) {
        return !jdbc.sql("""
                select id from outbound_call where id = :id and process_instance_id is null for update skip locked
                """)
                .param("id", callId).query(UUID.class).list().isEmpty();
    }

    /** Manual calls an integrator released by SQL (the seed's UPDATE ... SET CallPhase='Enqueue'). */
    List<UUID> findCallsReleasedBySql(int limit) {
        return jdbc.sql("""
                select id from outbound_call where call_phase = 'Enqueue' and process_phase = 'Manual'
                order by id fetch first :limit rows only
                """)
                .param("limit", limit).query(UUID.class).list();
    }

    boolean lockCallReleasedBySql(UUID callId) {
        return !jdbc.sql("""
                select id from outbound_call where id = :id and call_phase = 'Enqueue' and process_phase = 'Manual'
                for update skip locked
                """)
                .param("id", callId).query(UUID.class).list().isEmpty();
    }
}
