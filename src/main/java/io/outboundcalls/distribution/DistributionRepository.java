package io.outboundcalls.distribution;

import io.outboundcalls.agent.ActivityType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of the distribution cycle: who can take a call, which calls are due, the offers it writes, and what SQL
 * writers changed. Every lock is {@code FOR UPDATE SKIP LOCKED}, so nodes running the cycle at once never wait for
 * each other and never take the same row.
 */
@Repository
class DistributionRepository {

    /** The columns of a due call, in {@link #dueCall} order. */
    private static final String DUE_CALL_COLUMNS = """
            c.id, c.outbound_list_id, c.project_id, c.language_id, c.predistributed, c.agent_id, c.priority,
            c.schedule_time""";

    /** The seed's call conditions that SQL can check: waiting in Enqueue as Scheduled, due, in its window. */
    private static final String CALL_IS_DUE = """
            c.call_phase = 'Enqueue' and c.call_result = 'Scheduled' and c.process_phase = 'Enqueue'
            and c.schedule_time <= :now
            and (c.time_from is null or c.time_from <= :now) and (c.time_to is null or c.time_to > :now)""";

    /**
     * The agent's interactions for the unified queue: those other channels report (PUT /api/agents/{id}/workload)
     * and the engine's own, the call or Visitor record on the agent's line.
     */
    static final String INTERACTIONS =
            "(a.active_interactions + case when a.current_call_id is null then 0 else 1 end)";
    /**
     * Since when the agent has waited for a call: the later of their last status change and the last release of their
     * line. The agent who has waited longest is offered a call first.
     */
    static final String WAITING_SINCE = "greatest(coalesce(a.status_changed_at, a.created_at),"
            + " coalesce(a.line_freed_at, a.created_at))";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;

    DistributionRepository(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Agents who may be offered a call now, longest in their status first; read without locks. */
    List<UUID> findReadyAgentIds(OffsetDateTime now, boolean unifiedQueue) {
        return jdbc.sql("""
                select a.id from agent a
                join agent_status s on s.id = a.status_id
                where s.activity_type = 'Ready' and a.current_call_id is null and a.line_state = 'Free'
                  and a.workplace_id is not null
                  and (a.blocked_until is null or a.blocked_until <= :now)
                  and (:unifiedQueue = false or %s < a.capacity)
                order by %s, a.id
                """.formatted(INTERACTIONS, WAITING_SINCE))
                .param("now", now).param("unifiedQueue", unifiedQueue)
                .query(UUID.class).list();
    }

    /** Locks those of the agents whose line is still free; another node's agents are skipped, not waited for. */
    List<UUID> lockFreeAgents(Collection<UUID> agentIds, OffsetDateTime now) {
        return jdbc.sql("""
                select id from agent
                where id in (:ids) and current_call_id is null and line_state = 'Free'
                  and (blocked_until is null or blocked_until <= :now)
                for update skip locked
                """)
                .param("ids", agentIds).param("now", now)
                .query(UUID.class).list();
    }

    /** The locked agents still in a Ready status, with their skills and languages. */
    List<ReadyAgent> readyAgents(Collection<UUID> lockedIds, boolean unifiedQueue) {
        Map<UUID, Set<UUID>> skills = pairs("select agent_id, project_id from agent_project_skill where agent_id in (:ids)",
                lockedIds);
        Map<UUID, Set<UUID>> languages = pairs(
                "select agent_id, language_id from agent_language where agent_id in (:ids)", lockedIds);
        return jdbc.sql("""
                select a.id, a.login, a.workplace_id, s.allows_predistributed
                from agent a join agent_status s on s.id = a.status_id
                where a.id in (:ids) and s.activity_type = 'Ready' and a.workplace_id is not null
                  and (:unifiedQueue = false or %s < a.capacity)
                order by %s, a.id
                """.formatted(INTERACTIONS, WAITING_SINCE))
                .param("ids", lockedIds).param("unifiedQueue", unifiedQueue)
                .query((rs, row) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return new ReadyAgent(id, rs.getString("login"), rs.getObject("workplace_id", UUID.class),
                            rs.getBoolean("allows_predistributed"), skills.getOrDefault(id, Set.of()),
                            languages.getOrDefault(id, Set.of()));
                })
                .list();
    }

    private Map<UUID, Set<UUID>> pairs(String sql, Collection<UUID> ids) {
        Map<UUID, Set<UUID>> result = new HashMap<>();
        jdbc.sql(sql).param("ids", ids).query((ResultSet rs) -> {
            result.computeIfAbsent(rs.getObject(1, UUID.class), key -> new HashSet<>()).add(rs.getObject(2, UUID.class));
        });
        return result;
    }

    /** Running outbound lists with their project and daily window. */
    List<RunningList> findRunningLists() {
        return jdbc.sql("select id, project_id, time_from, time_to from outbound_list where state = 'Running'")
                .query((rs, row) -> new RunningList(rs.getObject("id", UUID.class),
                        rs.getObject("project_id", UUID.class), rs.getObject("time_from", LocalTime.class),
                        rs.getObject("time_to", LocalTime.class)))
                .list();
    }

    /** Due calls predistributed to these agents, best first, locked. */
    List<DueCall> lockPredistributedCalls(Collection<UUID> agentIds, Collection<UUID> listIds, OffsetDateTime now,
            int limit) {
        return jdbc.sql("select " + DUE_CALL_COLUMNS + " from outbound_call c where c.agent_id in (:agents)"
                        + " and c.predistributed = true and c.outbound_list_id in (:lists) and " + CALL_IS_DUE
                        + " order by c.priority desc, c.schedule_time, c.id"
                        + " fetch first :limit rows only for update skip locked")
                .param("agents", agentIds).param("lists", listIds).param("now", now).param("limit", limit)
                .query(DistributionRepository::dueCall).list();
    }

    /**
     * The head of one list's queue in one language (null: the calls without a language): its best due calls that
     * are not predistributed, locked. One index range per list and language keeps this a short keyset read however
     * many calls in other languages wait before these.
     */
    List<DueCall> lockDueCalls(UUID listId, UUID languageId, OffsetDateTime now, int limit) {
        String language = languageId == null ? "c.language_id is null" : "c.language_id = :language";
        return jdbc.sql("select " + DUE_CALL_COLUMNS + " from outbound_call c where c.outbound_list_id = :list"
                        + " and " + language + " and c.predistributed = false and " + CALL_IS_DUE
                        + " order by c.priority desc, c.schedule_time, c.id"
                        + " fetch first :limit rows only for update skip locked")
                .param("list", listId).param("language", languageId).param("now", now).param("limit", limit)
                .query(DistributionRepository::dueCall).list();
    }

    /**
     * Writes the offers of one batch: the calls Offered to their agents, the agents' lines taken, an open offer each.
     * The process instances still wait for CallOffered (process_phase Enqueue) until the notifier delivers it.
     */
    void writeOffers(List<Offer> offers, String node, OffsetDateTime now) {
        MapSqlParameterSource[] rows = offers.stream().map(offer -> new MapSqlParameterSource()
                        .addValue("offer", offer.offerId()).addValue("call", offer.callId())
                        .addValue("agent", offer.agentId()).addValue("workplace", offer.workplaceId())
                        .addValue("node", node).addValue("now", now))
                .toArray(MapSqlParameterSource[]::new);
        requireAll(batch.batchUpdate("""
                update outbound_call set call_phase = 'Offered', agent_id = :agent, workplace_id = :workplace,
                    offered_at = :now, offer_count = offer_count + 1, updated_at = :now, version = version + 1
                where id = :call and call_phase = 'Enqueue' and call_result = 'Scheduled' and process_phase = 'Enqueue'
                """, rows), "call no longer waiting");
        requireAll(batch.batchUpdate("""
                update agent set current_call_id = :call, updated_at = :now, version = version + 1
                where id = :agent and current_call_id is null
                """, rows), "agent line no longer free");
        batch.batchUpdate("""
                insert into call_offer (id, call_id, agent_id, offered_at, offered_by)
                values (:offer, :call, :agent, :now, :node)
                """, rows);
    }

    private static void requireAll(int[] counts, String what) {
        for (int count : counts) {
            // JDBC drivers may answer SUCCESS_NO_INFO (-2) for batched statements; 0 means the row changed under us
            if (count == 0) {
                throw new IllegalStateException("offer not written: " + what);
            }
        }
    }

    /** Offers written longer ago than {@code before} whose process instance has not taken them yet. */
    List<Offer> findUndeliveredOffers(OffsetDateTime before, int limit) {
        return jdbc.sql("""
                select o.id as offer_id, c.id as call_id, a.id as agent_id, a.login, c.workplace_id
                from outbound_call c
                join agent a on a.id = c.agent_id
                join call_offer o on o.call_id = c.id and o.ended_at is null
                where c.call_phase = 'Offered' and c.process_phase = 'Enqueue' and c.offered_at < :before
                order by c.offered_at fetch first :limit rows only
                """)
                .param("before", before).param("limit", limit)
                .query((rs, row) -> new Offer(rs.getObject("offer_id", UUID.class), rs.getObject("call_id", UUID.class),
                        rs.getObject("agent_id", UUID.class), rs.getString("login"),
                        rs.getObject("workplace_id", UUID.class)))
                .list();
    }

    /** The agents the distribution check looks at: those with the project skill, and the call's own agent. */
    List<AgentState> agentsForCheck(UUID projectId, UUID callAgentId) {
        List<AgentState> states = new ArrayList<>();
        jdbc.sql("""
                select a.*, s.name as status_name, s.activity_type, s.allows_predistributed
                from agent a left join agent_status s on s.id = a.status_id
                where a.id in (select agent_id from agent_project_skill where project_id = :project)
                   or a.id = :agent
                order by %s, a.id
                """.formatted(WAITING_SINCE))
                .param("project", projectId).param("agent", callAgentId)
                .query((ResultSet rs) -> {
                    String activity = rs.getString("activity_type");
                    states.add(new AgentState(rs.getObject("id", UUID.class), rs.getString("login"),
                            rs.getObject("workplace_id", UUID.class), rs.getString("status_name"),
                            activity == null ? ActivityType.Offline
                                    : ActivityType.valueOf(activity),
                            rs.getBoolean("allows_predistributed"), rs.getObject("current_call_id", UUID.class),
                            rs.getString("line_state"), rs.getObject("blocked_until", OffsetDateTime.class),
                            rs.getInt("active_interactions"), rs.getInt("capacity"), Set.of(), Set.of()));
                });
        if (states.isEmpty()) {
            return states;
        }
        List<UUID> ids = states.stream().map(AgentState::id).toList();
        Map<UUID, Set<UUID>> skills = pairs("select agent_id, project_id from agent_project_skill where agent_id in (:ids)",
                ids);
        Map<UUID, Set<UUID>> languages = pairs(
                "select agent_id, language_id from agent_language where agent_id in (:ids)", ids);
        return states.stream().map(a -> new AgentState(a.id(), a.login(), a.workplaceId(), a.statusName(),
                a.activityType(), a.allowsPredistributed(), a.currentCallId(), a.lineState(), a.blockedUntil(),
                a.activeInteractions(), a.capacity(), skills.getOrDefault(a.id(), Set.of()),
                languages.getOrDefault(a.id(), Set.of()))).toList();
    }

    /** Rows written straight into the table (SQL integration, bulk import) that have no process instance yet. */
    List<UUID> findRowsWithoutProcess(int limit) {
        return jdbc.sql("""
                select id from outbound_call where process_instance_id is null and pickup_error is null
                order by created_at, id fetch first :limit rows only
                """)
                .param("limit", limit).query(UUID.class).list();
    }

    /**
     * Locks a row that still waits for its process; false if another node holds it or it has moved on. The conditions
     * are checked on the locked row, not in the query: with them in the query and a freshly imported table not yet
     * analyzed, the planner took the pending rows' partial index (created_at, id) for the id and scanned all of it,
     * 25 ms a row for 100 000 imported rows (EXPLAIN ANALYZE), which held the pick-up to 300 starts/s until the
     * table's first ANALYZE.
     */
    boolean lockRowWithoutProcess(UUID callId) {
        return jdbc.sql("""
                select process_instance_id is null and pickup_error is null from outbound_call where id = :id
                for update skip locked
                """)
                .param("id", callId).query(Boolean.class).optional().orElse(false);
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

    private static DueCall dueCall(ResultSet rs, int row) throws SQLException {
        return new DueCall(rs.getObject("id", UUID.class), rs.getObject("outbound_list_id", UUID.class),
                rs.getObject("project_id", UUID.class), rs.getObject("language_id", UUID.class),
                rs.getBoolean("predistributed"), rs.getObject("agent_id", UUID.class), rs.getInt("priority"),
                rs.getObject("schedule_time", OffsetDateTime.class));
    }
}
