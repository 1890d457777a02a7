package io.outboundcalls.distribution;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the schedule post conditions: the waiting calls they screen and the rules already applied to a call. */
@Repository
class SchedulePostConditionRepository {

    private static final String WAITING = """
            c.call_phase = 'Enqueue' and c.call_result = 'Scheduled' and c.process_phase = 'Enqueue'""";
    private static final String FACTS = """
            select c.id, c.schedule_time, c.priority, p.name as project, l.code as language, c.call_type,
                c.offer_count, c.origin, c.predistributed
            from outbound_call c
            left join project p on p.id = c.project_id
            left join language l on l.id = c.language_id
            """;

    private final JdbcClient jdbc;

    SchedulePostConditionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The next waiting calls after {@code cursor} in id order. */
    List<WaitingCall> waitingCallsAfter(UUID cursor, OffsetDateTime now, int limit) {
        return jdbc.sql(FACTS + " where " + WAITING + " and c.id > :cursor order by c.id fetch first :limit rows only")
                .param("cursor", cursor).param("limit", limit)
                .query((rs, row) -> waitingCall(rs, now)).list();
    }

    /** The call's facts whatever its phase (the process checks again that it waits before applying anything). */
    Optional<WaitingCall> facts(UUID callId, OffsetDateTime now) {
        return jdbc.sql(FACTS + " where c.id = :id").param("id", callId)
                .query((rs, row) -> waitingCall(rs, now)).optional();
    }

    /** Locks the call if it still waits and no other node holds it. */
    boolean lockWaiting(UUID callId) {
        return !jdbc.sql("select c.id from outbound_call c where c.id = :id and " + WAITING + " for update skip locked")
                .param("id", callId).query(UUID.class).list().isEmpty();
    }

    Map<UUID, Set<String>> appliedRules(Collection<UUID> callIds) {
        Map<UUID, Set<String>> applied = new HashMap<>();
        if (callIds.isEmpty()) {
            return applied;
        }
        jdbc.sql("select call_id, rule_id from call_post_condition where call_id in (:ids)").param("ids", callIds)
                .query((ResultSet rs) -> {
                    applied.computeIfAbsent(rs.getObject(1, UUID.class), id -> new HashSet<>()).add(rs.getString(2));
                });
        return applied;
    }

    void recordApplied(UUID callId, String ruleId, int decisionVersion, String outputs, OffsetDateTime now) {
        jdbc.sql("""
                insert into call_post_condition (call_id, rule_id, decision_version, outputs, applied_at)
                values (:call, :rule, :version, :outputs, :now)
                """)
                .param("call", callId).param("rule", ruleId).param("version", decisionVersion)
                .param("outputs", outputs.length() > 1000 ? outputs.substring(0, 1000) : outputs).param("now", now)
                .update();
    }

    /** The rules applied to the call, oldest first, for the distribution check. */
    List<AppliedPostCondition> appliedTo(UUID callId) {
        return jdbc.sql("""
                select rule_id, decision_version, outputs, applied_at from call_post_condition
                where call_id = :call order by applied_at, rule_id
                """)
                .param("call", callId)
                .query((rs, row) -> new AppliedPostCondition(rs.getString("rule_id"), rs.getInt("decision_version"),
                        rs.getString("outputs"), rs.getObject("applied_at", OffsetDateTime.class)))
                .list();
    }

    private static WaitingCall waitingCall(ResultSet rs, OffsetDateTime now) throws SQLException {
        OffsetDateTime scheduled = rs.getObject("schedule_time", OffsetDateTime.class);
        long waiting = scheduled == null ? 0 : Math.max(0, Duration.between(scheduled, now).toSeconds());
        return new WaitingCall(rs.getObject("id", UUID.class), waiting, rs.getInt("priority"), rs.getString("project"),
                rs.getString("language"), rs.getString("call_type"), rs.getInt("offer_count"), rs.getString("origin"),
                rs.getBoolean("predistributed"));
    }

    /** A rule applied to a call. */
    record AppliedPostCondition(String ruleId, int decisionVersion, String outputs, OffsetDateTime appliedAt) {
    }
}
