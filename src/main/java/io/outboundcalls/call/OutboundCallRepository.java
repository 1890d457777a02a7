package io.outboundcalls.call;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of the outbound_call table. Within a transaction a row is read once: the steps of one PBX event or one result
 * (the inbox, the delegates, the phase mirror) each need the call, and read it up to seven times otherwise. Every
 * write of this class drops what was read; the distribution cycle's batch update of offers (the one writer elsewhere)
 * runs in a transaction that reads no row through here.
 */
@Repository
public class OutboundCallRepository {

    private static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final RowsReadInTransaction rowsRead = new RowsReadInTransaction();

    OutboundCallRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every write goes through here: a row read earlier in the transaction is stale once any row is written. */
    private JdbcClient.StatementSpec write(String sql) {
        rowsRead.forget();
        return jdbc.sql(sql);
    }

    public Optional<OutboundCall> find(UUID id) {
        OutboundCall known = rowsRead.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<OutboundCall> read = jdbc.sql("select * from outbound_call where id = :id").param("id", id)
                .query(OutboundCallRepository::map).optional();
        read.ifPresent(rowsRead::remember);
        return read;
    }

    /**
     * The phase the call's process last wrote (process_phase, which only the process writes, unlike call_phase), as
     * the database has it now, past the rows read earlier in the transaction: what another transaction committed since
     * (a hang-up) shows here.
     */
    public Optional<CallPhase> processPhase(UUID id) {
        return jdbc.sql("select process_phase from outbound_call where id = :id").param("id", id)
                .query(String.class).optional().map(CallPhase::valueOf);
    }

    /** The rows of these calls, read in chunks of {@value #CHUNK} (no cache: a sweep's read, outside a transaction). */
    public Map<UUID, OutboundCall> findAll(Collection<UUID> ids) {
        Map<UUID, OutboundCall> found = new HashMap<>();
        List<UUID> all = List.copyOf(new LinkedHashSet<>(ids));
        for (int from = 0; from < all.size(); from += CHUNK) {
            jdbc.sql("select * from outbound_call where id in (:ids)")
                    .param("ids", all.subList(from, Math.min(all.size(), from + CHUNK)))
                    .query(OutboundCallRepository::map).list()
                    .forEach(call -> found.put(call.id(), call));
        }
        return found;
    }

    public void insert(OutboundCall c) {
        write("""
                insert into outbound_call (id, call_type, call_phase, call_result, outbound_list_id, project_id,
                    language_id, contact_id, issue_id, phone_number_id, message_id, chat_id, number, dialed_number,
                    agent_id, workplace_id, predistributed, priority, schedule_time, time_from, time_to, call_key,
                    origin, note, created_at, updated_at)
                values (:id, :callType, :phase, :result, :list, :project, :language, :contact, :issue, :phoneNumber,
                    :message, :chat, :number, :dialedNumber, :agent, :workplace, :predistributed, :priority,
                    :scheduleTime, :timeFrom, :timeTo, :callKey, :origin, :note, :createdAt, :createdAt)
                """)
                .param("id", c.id()).param("callType", c.callType().name()).param("phase", c.callPhase().name())
                .param("result", c.callResult().name()).param("list", c.outboundListId())
                .param("project", c.projectId()).param("language", c.languageId()).param("contact", c.contactId())
                .param("issue", c.issueId()).param("phoneNumber", c.phoneNumberId()).param("message", c.messageId())
                .param("chat", c.chatId()).param("number", c.number()).param("dialedNumber", c.dialedNumber())
                .param("agent", c.agentId()).param("workplace", c.workplaceId())
                .param("predistributed", c.predistributed()).param("priority", c.priority())
                .param("scheduleTime", c.scheduleTime()).param("timeFrom", c.timeFrom()).param("timeTo", c.timeTo())
                .param("callKey", c.callKey()).param("origin", c.origin().name()).param("note", c.note())
                .param("createdAt", c.createdAt())
                .update();
    }

    public List<OutboundCall> page(CallFilter filter, int page, int size) {
        return jdbc.sql("select * from outbound_call where " + CallFilter.WHERE
                        + " order by created_at desc, id offset :offset rows fetch next :size rows only")
                .paramSource(filter.withPage(page, size))
                .query(OutboundCallRepository::map).list();
    }

    public long count(CallFilter filter) {
        return jdbc.sql("select count(*) from outbound_call where " + CallFilter.WHERE)
                .paramSource(filter.parameters()).query(Long.class).single();
    }

    /** Reads the row and locks it for this transaction (waiting for other writers). */
    public Optional<OutboundCall> lockForUpdate(UUID id) {
        rowsRead.forget();
        Optional<OutboundCall> locked = jdbc.sql("select * from outbound_call where id = :id for update")
                .param("id", id).query(OutboundCallRepository::map).optional();
        locked.ifPresent(rowsRead::remember);
        return locked;
    }

    /** Manual → Enqueue; with an agent the call is predistributed to them (the seed's SQL does the same). */
    public void releaseToEnqueue(UUID callId, UUID agentId, OffsetDateTime now) {
        write("""
                update outbound_call set call_phase = 'Enqueue',
                    agent_id = case when cast(:agent as uuid) is null then agent_id else :agent end,
                    predistributed = case when cast(:agent as uuid) is null then predistributed else true end,
                    updated_at = :now, version = version + 1
                where id = :id and call_phase = 'Manual'
                """)
                .param("id", callId).param("agent", agentId).param("now", now).update();
    }

    /** New scheduling for a waiting call; the phase guard keeps a call the cycle just offered untouched. */
    public void changeScheduling(UUID callId, OffsetDateTime scheduleTime, OffsetDateTime timeFrom, OffsetDateTime timeTo,
            int priority, UUID agentId, boolean predistributed, OffsetDateTime now) {
        write("""
                update outbound_call set schedule_time = :scheduleTime, time_from = :timeFrom, time_to = :timeTo,
                    priority = :priority, agent_id = :agent, predistributed = :predistributed, updated_at = :now,
                    version = version + 1
                where id = :id and call_phase in ('Manual', 'Enqueue')
                """)
                .param("id", callId).param("scheduleTime", scheduleTime).param("timeFrom", timeFrom)
                .param("timeTo", timeTo).param("priority", priority).param("agent", agentId)
                .param("predistributed", predistributed).param("now", now).update();
    }

    /** Completes a row an integrator wrote: the number in E.164 (as given kept in dialed_number), the list's project. */
    public void completeSqlRow(UUID callId, String number, String dialedNumber, UUID projectId) {
        write("""
                update outbound_call set number = :number, dialed_number = :dialed, project_id = :project
                where id = :id
                """)
                .param("id", callId).param("number", number).param("dialed", dialedNumber).param("project", projectId)
                .update();
    }

    /** Records why a row written by SQL cannot become a call; the pick-up skips it from then on. */
    public void rejectSqlRow(UUID callId, String reason) {
        write("update outbound_call set pickup_error = :reason where id = :id")
                .param("id", callId).param("reason", reason.length() > 500 ? reason.substring(0, 500) : reason)
                .update();
    }

    /** What the schedule post conditions change on a waiting call; a null argument leaves its column as it is. */
    public void applyPostConditions(UUID callId, UUID projectId, UUID listId, UUID languageId, Integer priority,
            boolean cancelPredistribution, OffsetDateTime now) {
        write("""
                update outbound_call set
                    project_id = coalesce(:project, project_id),
                    outbound_list_id = coalesce(:list, outbound_list_id),
                    language_id = coalesce(:language, language_id),
                    priority = coalesce(:priority, priority),
                    predistributed = case when :cancel then false else predistributed end,
                    updated_at = :now, version = version + 1
                where id = :id
                """)
                .param("id", callId).param("project", projectId).param("list", listId).param("language", languageId)
                .param("priority", priority).param("cancel", cancelPredistribution).param("now", now).update();
    }

    /**
     * Writes nothing when the instance's first phase has already attached it (see {@link #enterPhase}); true if it
     * had to write.
     */
    public boolean attachProcessInstance(UUID callId, String processInstanceId) {
        return write("""
                update outbound_call set process_instance_id = :pi
                where id = :id and (process_instance_id is null or process_instance_id <> :pi)
                """)
                .param("id", callId).param("pi", processInstanceId).update() > 0;
    }

    /**
     * Mirrors the process's phase into the row and stamps the moments reports need; entering Dialing starts the next
     * dial attempt (the attempt counts the call's dials) and clears the answer and hang-up of the attempt before: the
     * row's moments are those of its latest attempt, and reconciliation measures the maximum talk time from the
     * answer. The first phase of an instance also attaches the instance to its row, in the same write. A phase other
     * than Dialing that the row already shows, with the same instance, is not written again: each write of this row
     * renews all of its index entries, and the row is already in that phase when, for one, the recorded result has
     * finished the call before the process reaches its end. True if it wrote.
     */
    public boolean enterPhase(UUID callId, String processInstanceId, CallPhase phase, OffsetDateTime now) {
        return write("""
                update outbound_call set call_phase = :phase, process_phase = :phase, process_instance_id = :pi,
                    updated_at = :now,
                    answered_at = case when :phase = 'AgentTalk' then coalesce(answered_at, :now)
                        when :phase = 'Dialing' then null else answered_at end,
                    hung_up_at = case when :phase in ('PostCall', 'Result') then coalesce(hung_up_at, :now)
                        when :phase = 'Dialing' then null else hung_up_at end,
                    finished_at = case when :phase = 'Finished' then coalesce(finished_at, :now) else finished_at end,
                    attempt = case when :phase = 'Dialing' then attempt + 1 else attempt end,
                    version = version + 1
                where id = :id and (:phase = 'Dialing' or call_phase <> :phase or process_phase is null
                    or process_phase <> :phase or process_instance_id is null or process_instance_id <> :pi)
                """)
                .param("id", callId).param("pi", processInstanceId).param("phase", phase.name()).param("now", now)
                .update() > 0;
    }

    /** Takes back the count of an offer that ended through no one's choice (its line was lost). */
    public void uncountOffer(UUID callId, OffsetDateTime now) {
        write("""
                update outbound_call set offer_count = greatest(offer_count - 1, 0), updated_at = :now,
                    version = version + 1
                where id = :id
                """)
                .param("id", callId).param("now", now).update();
    }

    /** Writes the outcome of an attempt; a finished call leaves the queue for good. */
    public void recordResult(UUID callId, CallResult result, UUID detailId, String note, boolean finish,
            OffsetDateTime now) {
        write("""
                update outbound_call set call_result = :result, last_result = :result, call_result_detail_id = :detail,
                    note = coalesce(:note, note),
                    call_phase = case when :finish then 'Finished' else call_phase end,
                    process_phase = case when :finish then 'Finished' else process_phase end,
                    finished_at = case when :finish then :now else finished_at end,
                    updated_at = :now, version = version + 1
                where id = :id
                """)
                .param("id", callId).param("result", result.name()).param("detail", detailId).param("note", note)
                .param("finish", finish).param("now", now).update();
    }

    /** Back to the queue for another attempt: the seed distributes only Scheduled calls. */
    public void reschedule(UUID callId, OffsetDateTime scheduleTime, OffsetDateTime now) {
        write("""
                update outbound_call set call_result = 'Scheduled', schedule_time = :scheduleTime, updated_at = :now,
                    version = version + 1
                where id = :id
                """)
                .param("id", callId).param("scheduleTime", scheduleTime).param("now", now).update();
    }

    public void neglect(UUID callId, OffsetDateTime now) {
        write("""
                update outbound_call set call_result = 'Neglected', call_phase = 'Finished', process_phase = 'Finished',
                    finished_at = :now, updated_at = :now, version = version + 1
                where id = :id
                """)
                .param("id", callId).param("now", now).update();
    }

    /** A call whose process instance an operator cancelled; false if it had already finished. */
    public boolean cancel(UUID callId, OffsetDateTime now) {
        return write("""
                update outbound_call set call_result = 'Cancelled', call_phase = 'Finished', process_phase = 'Finished',
                    finished_at = :now, updated_at = :now, version = version + 1
                where id = :id and call_phase <> 'Finished'
                """)
                .param("id", callId).param("now", now).update() == 1;
    }

    static OutboundCall map(ResultSet rs, int row) throws SQLException {
        return new OutboundCall(
                rs.getObject("id", UUID.class),
                CallType.valueOf(rs.getString("call_type")),
                CallPhase.valueOf(rs.getString("call_phase")),
                CallResult.valueOf(rs.getString("call_result")),
                rs.getString("last_result"),
                rs.getObject("call_result_detail_id", UUID.class),
                rs.getObject("outbound_list_id", UUID.class),
                rs.getObject("project_id", UUID.class),
                rs.getObject("language_id", UUID.class),
                rs.getObject("contact_id", UUID.class),
                rs.getObject("issue_id", UUID.class),
                rs.getObject("phone_number_id", UUID.class),
                rs.getObject("message_id", UUID.class),
                rs.getObject("chat_id", UUID.class),
                rs.getString("number"),
                rs.getString("dialed_number"),
                rs.getObject("agent_id", UUID.class),
                rs.getObject("workplace_id", UUID.class),
                rs.getBoolean("predistributed"),
                rs.getInt("priority"),
                rs.getObject("schedule_time", OffsetDateTime.class),
                rs.getObject("time_from", OffsetDateTime.class),
                rs.getObject("time_to", OffsetDateTime.class),
                rs.getInt("offer_count"),
                rs.getInt("attempt"),
                rs.getString("call_key"),
                CallOrigin.valueOf(rs.getString("origin")),
                rs.getString("note"),
                rs.getString("process_instance_id"),
                rs.getString("process_phase"),
                rs.getObject("offered_at", OffsetDateTime.class),
                rs.getObject("answered_at", OffsetDateTime.class),
                rs.getObject("hung_up_at", OffsetDateTime.class),
                rs.getObject("finished_at", OffsetDateTime.class),
                rs.getString("pickup_error"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }
}
