package io.outboundcalls.process;

import io.outboundcalls.pbx.PbxEvent;
import io.outboundcalls.system.DatabaseKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** SQL of pbx_event, the inbox of PBX events. */
@Repository
class PbxEventRepository {

    /** How a stored event ended. */
    enum Outcome {
        /** The call's process took it. */
        Moved,
        /** It belongs to an earlier attempt of the call. */
        Stale,
        /** Nothing waits for it any more (the call moved on, ended, or is not the engine's). */
        Ignored,
        /** Its call never became ready for it within the parked-event limit. */
        Expired
    }

    /** An event still to hand to its call. */
    record StoredEvent(long id, String reference, UUID callId, Integer attempt, PbxEvent.Type type, int tries,
            OffsetDateTime receivedAt) {
    }

    private static final String INSERT = """
            insert into pbx_event (reference, call_id, attempt, event_type, received_at, received_by, next_try_at)
            values (:reference, :call, :attempt, :type, :now, :node, :due)
            """;

    private final JdbcClient jdbc;
    private final boolean postgres;

    PbxEventRepository(JdbcClient jdbc, DatabaseKind database) {
        this.jdbc = jdbc;
        this.postgres = database.isPostgres();
    }

    /**
     * Stores an event, also inside a caller's transaction, due now; empty when the same event (reference and type) is
     * stored already. PostgreSQL skips the duplicate without an error, which would abort the caller's transaction.
     */
    Optional<StoredEvent> store(PbxEvent event, OffsetDateTime now, String node) {
        return store(event, now, node, now);
    }

    /**
     * Stores an event that the poll finds only from {@code due} on: one handed to this node's workers at once is
     * left to the poll only if it is still unhandled then (the node stopped, or the database failed its handling).
     */
    Optional<StoredEvent> store(PbxEvent event, OffsetDateTime now, String node, OffsetDateTime due) {
        CallReference reference = CallReference.parse(event.callReference());
        KeyHolder key = new GeneratedKeyHolder();
        try {
            int stored = jdbc.sql(postgres ? INSERT + " on conflict (reference, event_type) do nothing" : INSERT)
                    .param("reference", event.callReference()).param("call", reference.callId())
                    .param("attempt", reference.attempt()).param("type", event.type().name())
                    .param("now", now).param("node", node).param("due", due).update(key, "id");
            if (stored != 1) {
                return Optional.empty();
            }
        } catch (DuplicateKeyException duplicate) {
            return Optional.empty();
        }
        return Optional.of(new StoredEvent(key.getKey().longValue(), event.callReference(), reference.callId(),
                reference.attempt(), event.type(), 0, now));
    }

    /**
     * The events due now, each the oldest unhandled one of its line (call and attempt): a later event of a line waits
     * until the earlier one is handled, whichever node handles it. An event its call could not take (tried, parked)
     * stops holding up the later ones: an adapter that reported a hang-up before the answer must not lock the line.
     * Lines are independent: an event that waits for attempt 2 to be dialed must not hold up the loss of attempt 1
     * that leads there.
     */
    List<StoredEvent> due(OffsetDateTime now, int limit) {
        // The due events are read first, through their partial index, and each is checked against the unhandled
        // events of its line through the other one. Events handed over at their arrival are due only later, so
        // under load this reads a few rows instead of the whole backlog (which reading all unhandled events and
        // comparing them among themselves did: 1.7 ms a poll, EXPLAIN ANALYZE in docs/call-lifecycle.md). As one
        // correlated query, PostgreSQL's plan scanned the whole inbox per candidate (40 ms a poll).
        return jdbc.sql(postgres ? """
                with due as materialized (
                  select id, reference, call_id, attempt, event_type, tries, received_at
                  from pbx_event where handled_at is null and next_try_at <= :now)
                select d.id, d.reference, d.call_id, d.attempt, d.event_type, d.tries, d.received_at
                from due d
                where not exists (select 1 from pbx_event p
                                  where p.handled_at is null and p.reference = d.reference and p.id < d.id
                                    and p.tries = 0)
                order by d.id fetch first :limit rows only
                """ : """
                select e.id, e.reference, e.call_id, e.attempt, e.event_type, e.tries, e.received_at
                from pbx_event e
                where e.handled_at is null and e.next_try_at <= :now
                  and not exists (select 1 from pbx_event p
                                  where p.handled_at is null and p.reference = e.reference and p.id < e.id
                                    and p.tries = 0)
                order by e.id fetch first :limit rows only
                """)
                .param("now", now).param("limit", limit)
                .query(PbxEventRepository::storedEvent).list();
    }

    /** An event that its worker had to leave to the poll is due for it now, not only after the hand-over's grace. */
    void dueNow(long id, OffsetDateTime now) {
        jdbc.sql("update pbx_event set next_try_at = :now where id = :id and handled_at is null and next_try_at > :now")
                .param("id", id).param("now", now).update();
    }

    /** The events of a line still to handle, in arrival order. */
    List<StoredEvent> pendingOf(String reference) {
        return jdbc.sql("""
                select id, reference, call_id, attempt, event_type, tries, received_at from pbx_event
                where reference = :reference and handled_at is null order by id
                """)
                .param("reference", reference).query(PbxEventRepository::storedEvent).list();
    }

    private static StoredEvent storedEvent(ResultSet rs, int row) throws SQLException {
        return new StoredEvent(rs.getLong("id"), rs.getString("reference"), rs.getObject("call_id", UUID.class),
                (Integer) rs.getObject("attempt"), PbxEvent.Type.valueOf(rs.getString("event_type")),
                rs.getInt("tries"), rs.getObject("received_at", OffsetDateTime.class));
    }

    /**
     * Locks the event for the caller's transaction; false when another node has it, it was handled meanwhile, or an
     * earlier event of its line still waits to be handled first (the same rule as {@link #due}: an event handed over
     * at its arrival must not overtake one that the poll or another node holds).
     */
    boolean lock(long id, String reference) {
        return jdbc.sql("""
                select e.id from pbx_event e
                where e.id = :id and e.handled_at is null
                  and not exists (select 1 from pbx_event p
                                  where p.reference = :reference and p.handled_at is null and p.id < :id
                                    and p.tries = 0)
                for update skip locked
                """)
                .param("id", id).param("reference", reference).query(Long.class).optional().isPresent();
    }

    /**
     * Records how the event ended; false when it was handled already (the retry after a failed try runs without the
     * event's lock, and another worker or node may have handled it meanwhile: its outcome stands).
     */
    boolean handled(long id, String reference, Outcome outcome, OffsetDateTime now, String node) {
        int recorded = jdbc.sql("""
                update pbx_event set handled_at = :now, handled_by = :node, outcome = :outcome, last_error = null
                where id = :id and handled_at is null
                """)
                .param("id", id).param("now", now).param("node", node).param("outcome", outcome.name()).update();
        if (recorded == 0) {
            return false;
        }
        // the line moved on: its next event, parked or handed over behind this one, is due at once
        jdbc.sql("""
                update pbx_event set next_try_at = :now
                where reference = :reference and handled_at is null and next_try_at > :now
                """)
                .param("reference", reference).param("now", now).update();
        return true;
    }

    /** The event waits until {@code next}: its call cannot take it yet, or taking it failed. */
    void retryAt(long id, OffsetDateTime next, String reason) {
        jdbc.sql("""
                update pbx_event set tries = tries + 1, next_try_at = :next, last_error = :reason
                where id = :id and handled_at is null
                """)
                .param("id", id).param("next", next)
                .param("reason", reason == null ? null : reason.substring(0, Math.min(reason.length(), 500)))
                .update();
    }

    /** Whether an event of this reference still waits to be handled. */
    boolean hasPending(String reference) {
        return jdbc.sql("select count(*) from pbx_event where reference = :reference and handled_at is null")
                .param("reference", reference).query(Long.class).single() > 0;
    }

    /** Events that have waited at least once for their call. */
    long parked() {
        return jdbc.sql("select count(*) from pbx_event where handled_at is null and tries > 0")
                .query(Long.class).single();
    }
}
