package io.outboundcalls.pbx;

import io.micrometer.core.instrument.MeterRegistry;
import io.outboundcalls.system.AfterCommit;
import io.outboundcalls.system.EngineNodes;
import io.outboundcalls.system.OutboundProperties;
import io.outboundcalls.system.OutcomeCounter;
import io.outboundcalls.system.RedoableCommit;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The dial attempts the engine asked of the PBX (table pbx_dial), and the one place that originates them. A dial is
 * requested inside the transaction that decides it and goes to the PBX only after that transaction commits, so the
 * PBX never reports on a call the database does not know yet; the claim Requested → Sending lets exactly one node
 * originate an attempt, once. A PBX out of reach is tried again {@code send-retries} times by {@link #sendDue} (no
 * thread waits for it), then the attempt's line counts as lost. A node that cannot reach the PBX leaves its attempts to
 * a node that can, while such a node shows signs of life.
 */
@Component
public class PbxDials implements DisposableBean {

    /** The states of a dial attempt, as stored. */
    public enum State {
        Requested, Sending, Sent, Rejected, Failed, Ended
    }

    /** An attempt whose line may still be up, with the node that owns it. */
    public record OpenDial(String reference, UUID callId, int attempt, State state, String nodeId,
            OffsetDateTime requestedAt, OffsetDateTime claimedAt, OffsetDateTime sentAt) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PbxDials.class);
    private static final Duration FIRST_SEND_GRACE = Duration.ofSeconds(2);
    /**
     * Two heartbeats: a node that reaches the PBX and has not been seen for so long has most likely died, although
     * its silence makes it dead only after {@link EngineNodes#SILENCE}. A node that is merely slow to send shows its
     * heartbeat meanwhile, and keeps its attempts.
     */
    private static final Duration LEFT_TO_A_NODE_SEEN_WITHIN = EngineNodes.HEARTBEAT.multipliedBy(2);
    /** A request that finds the originate threads busy and their queue full waits for sendDue. */
    private static final int ORIGINATE_QUEUE = 10_000;

    private final JdbcClient jdbc;
    private final PbxGateway gateway;
    private final PbxEventListener events;
    private final OutboundProperties properties;
    private final Clock clock;
    private final OutcomeCounter dialed;
    private final RedoableCommit redoable;
    private final EngineNodes nodes;
    private final ThreadPoolExecutor originates;
    /** Whether the last send round went on without the PBX: its warning is logged once as it starts, not per round. */
    private volatile boolean sendsWithoutThePbx;

    public PbxDials(JdbcClient jdbc, PbxGateway gateway, PbxEventListener events, OutboundProperties properties, Clock clock,
            MeterRegistry meters, RedoableCommit redoable, EngineNodes nodes) {
        this.redoable = redoable;
        this.nodes = nodes;
        this.jdbc = jdbc;
        this.gateway = gateway;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.dialed = new OutcomeCounter(meters, "outbound.pbx.dials",
                "Tries to originate a dial at the PBX, each after the commit that requested it, by outcome",
                List.of("sent", "rejected", "retried", "failed", "unknown"));
        AtomicInteger threads = new AtomicInteger();
        int originateThreads = Math.max(1, properties.pbx().originateThreads());
        this.originates = new ThreadPoolExecutor(originateThreads, originateThreads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(ORIGINATE_QUEUE), runnable -> {
                    Thread thread = new Thread(runnable, "pbx-originate-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** The PBX reference of a call's attempt; it comes back on every event of that attempt. */
    public static String reference(UUID callId, int attempt) {
        return callId + ":" + attempt;
    }

    /**
     * Records the attempt in the caller's transaction and originates it once that transaction has committed. If the
     * transaction rolls back, nothing is dialed; if this node dies in between, another node's {@link #sendDue} sends
     * it.
     */
    public String request(UUID callId, int attempt, OriginateRequest request) {
        String reference = reference(callId, attempt);
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("""
                insert into pbx_dial (reference, call_id, attempt, agent_extension, number, caller_id, state,
                    requested_at, node_id, next_send_at)
                values (:reference, :call, :attempt, :extension, :number, :callerId, 'Requested', :now, :node,
                    :nextSend)
                """)
                .param("reference", reference).param("call", callId).param("attempt", attempt)
                .param("extension", request.agentExtension()).param("number", request.number())
                .param("callerId", request.callerId()).param("now", now).param("node", properties.nodeId())
                .param("nextSend", now.plus(FIRST_SEND_GRACE)).update();
        afterCommit(() -> sendElsewhere(reference));
        return reference;
    }

    /**
     * Sends the attempt from a thread that holds no transaction. Right after a commit, Spring still has the committed
     * transaction's connection bound to the committing thread, in manual-commit mode until it releases it: a claim
     * made there would commit only after the originate, and a crash in between would leave the attempt Requested, so
     * that it was sent again. On a thread of its own the claim commits before anything goes to the PBX.
     */
    private void sendElsewhere(String reference) {
        try {
            originates.execute(() -> {
                if (!leftToANodeThatReachesThePbx()) {
                    send(reference);
                }
            });
        } catch (RejectedExecutionException busyOrStopping) {
            LOG.warn("Dial {} left to the next send round: {}", reference, busyOrStopping.toString());
        }
    }

    /**
     * The originates still queued are dropped, not sent: by now the PBX adapter has stopped (Spring stops lifecycle
     * beans before it destroys this), so each would fail and use up a try. Their attempts stay Requested, and another
     * node, or this one after its restart, sends them. An originate under way ends first.
     */
    @Override
    public void destroy() throws InterruptedException {
        originates.getQueue().clear();
        originates.shutdown();
        if (!originates.awaitTermination(10, TimeUnit.SECONDS)) {
            originates.shutdownNow();
        }
    }

    /**
     * As {@link #hangUp}: an attempt not yet sent is ended in the caller's transaction, with the decision that gives it
     * up (ended after the commit, a failure or a crash in between would leave it for any node to send); a line sent
     * is hung up once that transaction has committed. Nothing at all if it rolls back.
     */
    public void hangUpAfterCommit(UUID callId) {
        endUnsent(callId);
        afterCommit(() -> {
            try {
                hangUpSent(callId);
            } catch (RuntimeException e) {
                LOG.warn("Line of call {} not hung up; reconciliation ends it: {}", callId, e.toString());
            }
        });
    }

    /** Nothing reaches the PBX before the transaction that decided it has committed. */
    private static void afterCommit(Runnable toPbx) {
        AfterCommit.run(toPbx);
    }

    /** Records an attempt the engine withdrew before it reached the PBX (its offer was declined first). */
    public String withdraw(UUID callId, int attempt, OriginateRequest request) {
        String reference = reference(callId, attempt);
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("""
                insert into pbx_dial (reference, call_id, attempt, agent_extension, number, caller_id, state,
                    requested_at, node_id, next_send_at, ended_at)
                values (:reference, :call, :attempt, :extension, :number, :callerId, 'Ended', :now, :node, :now, :now)
                """)
                .param("reference", reference).param("call", callId).param("attempt", attempt)
                .param("extension", request.agentExtension()).param("number", request.number())
                .param("callerId", request.callerId()).param("now", now).param("node", properties.nodeId()).update();
        events.onEvent(new PbxEvent(reference, PbxEvent.Type.DialWithdrawn));
        return reference;
    }

    /** Sends what is due: attempts whose PBX was out of reach, or whose node died between commit and originate. */
    @Scheduled(fixedDelayString = "${outbound.pbx.send-interval:1s}")
    void sendDue() {
        if (leftToANodeThatReachesThePbx()) {
            sendsWithoutThePbx = false;
            return;
        }
        boolean outOfReach = nodes.pbxOutOfReachSince().isPresent();
        if (outOfReach && !sendsWithoutThePbx) {
            LOG.warn("Node {} cannot reach the PBX and sends its due dials itself: no node that reaches it was seen"
                    + " for {}", properties.nodeId(), LEFT_TO_A_NODE_SEEN_WITHIN);
        }
        sendsWithoutThePbx = outOfReach;
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("""
                select reference from pbx_dial where state = 'Requested' and next_send_at <= :now
                order by next_send_at fetch first 100 rows only
                """)
                .param("now", now).query(String.class).list().forEach(this::send);
    }

    /**
     * A node whose connection to the PBX is down leaves the attempts it would send to a live node whose connection is
     * up: tried here, each would use up a try on a connection that fails, and end as a PBX out of reach although
     * another node could have sent it. Where no node reaches the PBX, each tries, so that every attempt still ends
     * within its tries. The attempt stays Requested, due for the other nodes' send rounds. Once none of them has been
     * seen for {@link #LEFT_TO_A_NODE_SEEN_WITHIN} (they may have died since their last heartbeat), this node tries
     * what is due after all, instead of waiting until their silence makes them dead.
     */
    private boolean leftToANodeThatReachesThePbx() {
        return nodes.pbxOutOfReachSince().isPresent() && nodes.anotherNodeReachesThePbx(LEFT_TO_A_NODE_SEEN_WITHIN);
    }

    /** Originates the attempt if this call wins its claim; any outcome is written before this returns. */
    void send(String reference) {
        try {
            if (!claim(reference)) {
                return;
            }
            OriginateRequest request = jdbc.sql("""
                    select agent_extension, number, caller_id from pbx_dial where reference = :reference
                    """)
                    .param("reference", reference)
                    .query((rs, row) -> new OriginateRequest(rs.getString("agent_extension"), rs.getString("number"),
                            rs.getString("caller_id"), reference))
                    .single();
            originate(request);
        } catch (RuntimeException e) {
            // the database failed around the originate: the row says Requested (sent again) or Sending (reconciled)
            LOG.warn("Dial {} not settled: {}", reference, e.toString());
        }
    }

    private boolean claim(String reference) {
        return jdbc.sql("""
                update pbx_dial set state = 'Sending', node_id = :node, send_tries = send_tries + 1, claimed_at = :now
                where reference = :reference and state = 'Requested'
                """)
                .param("reference", reference).param("node", properties.nodeId())
                .param("now", OffsetDateTime.now(clock)).update() == 1;
    }

    private void originate(OriginateRequest request) {
        String reference = request.callReference();
        try {
            gateway.originate(request);
            nodes.reachedPbx();
            settle(reference, State.Sent);
            dialed.increment("sent");
        } catch (OriginateRejectedException e) {
            // not a sign that the PBX is reached: the adapter refuses some dials itself (an agent without extension)
            LOG.info("PBX rejected dial {} to {}: {}", reference, request.number(), e.getMessage());
            settleWith(reference, State.Rejected, PbxEvent.Type.OriginateRejected);
            dialed.increment("rejected");
        } catch (PbxOutcomeUnknownException e) {
            // sent again it might ring twice: the attempt stays Sending, and reconciliation asks the PBX about it
            LOG.warn("Dial {} may have reached the PBX; left to reconciliation: {}", reference, e.getMessage());
            dialed.increment("unknown");
        } catch (PbxUnavailableException e) {
            nodes.missedPbx();
            int tries = jdbc.sql("select send_tries from pbx_dial where reference = :reference")
                    .param("reference", reference).query(Integer.class).single();
            if (tries <= properties.pbx().sendRetries()) {
                LOG.warn("PBX out of reach for dial {} (try {}); it is sent again later: {}", reference, tries,
                        e.getMessage());
                jdbc.sql("""
                        update pbx_dial set state = 'Requested', next_send_at = :next
                        where reference = :reference and state = 'Sending'
                        """)
                        .param("reference", reference)
                        .param("next", OffsetDateTime.now(clock).plusSeconds(5L * tries)).update();
                dialed.increment("retried");
            } else {
                LOG.error("PBX out of reach for dial {} after {} tries; the attempt is lost", reference, tries);
                settleWith(reference, State.Failed, PbxEvent.Type.LineLost);
                dialed.increment("failed");
            }
        }
        // any other exception leaves the row in Sending: whether the call went out is for reconciliation to ask
    }

    /**
     * Settles the attempt and stores the event that moves its call, in one transaction: a settled attempt is no
     * longer reconciled, so without its event its call would wait for ever. If they fail together the attempt stays
     * Sending, and reconciliation settles it.
     */
    private void settleWith(String reference, State state, PbxEvent.Type event) {
        redoable.run(() -> {
            settle(reference, state);
            events.onEvent(new PbxEvent(reference, event));
        });
    }

    private void settle(String reference, State state) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        // lost in a crash of the database server, the dial is left Sending: reconciliation asks the PBX about it
        redoable.run(() -> jdbc.sql("""
                update pbx_dial set state = :state,
                    sent_at = case when :state = 'Sent' then :now else sent_at end,
                    ended_at = case when :state = 'Sent' then ended_at else :now end
                where reference = :reference and state = 'Sending'
                """)
                .param("reference", reference).param("state", state.name()).param("now", now).update());
    }

    /**
     * Ends the line of the call's current attempt: an attempt not yet sent is never sent, one sent is hung up at the
     * PBX (which reports the hang-up of a connected call as usual), by this node and, if another node holds the
     * line, by that node within a second. Nothing happens for a call without a line.
     */
    public void hangUp(UUID callId) {
        endUnsent(callId);
        hangUpSent(callId);
    }

    private void endUnsent(UUID callId) {
        jdbc.sql("""
                update pbx_dial set state = 'Ended', ended_at = :now where call_id = :call and state = 'Requested'
                """)
                .param("call", callId).param("now", OffsetDateTime.now(clock)).update();
    }

    private void hangUpSent(UUID callId) {
        jdbc.sql("""
                update pbx_dial set hang_up_requested_at = :now
                where call_id = :call and state in ('Sending', 'Sent') and node_id <> :node
                """)
                .param("call", callId).param("now", OffsetDateTime.now(clock)).param("node", properties.nodeId())
                .update();
        jdbc.sql("select reference, node_id from pbx_dial where call_id = :call and state in ('Sending', 'Sent')")
                .param("call", callId).query((rs, row) -> Map.entry(rs.getString("reference"), rs.getString("node_id")))
                .list().forEach(line -> hangUpLineOf(line.getKey(), line.getValue()));
    }

    /**
     * A line of another node is hung up by that node as well (asked above), or by the node that adopts it from a dead
     * node or from one that handed its lines over: with this node's PBX out of reach and another node reaching it, the
     * request is left to that node rather than failed. Its own line no other node would hang up yet, and with no node
     * reaching the PBX nobody hangs up anything: the request fails, and says so. A node that reaches the PBX counts
     * here until its silence makes it dead, not only for the two heartbeats of the dials: the request is stored, and
     * whichever node holds or adopts the line carries it out, so nothing is lost by waiting for a node that died.
     */
    private void hangUpLineOf(String reference, String owner) {
        try {
            gateway.hangUp(reference);
        } catch (PbxUnavailableException e) {
            nodes.missedPbx();
            if (owner.equals(properties.nodeId()) || !nodes.anotherNodeReachesThePbx(EngineNodes.SILENCE)) {
                throw e;
            }
            LOG.info("Line {} left to its node {} to hang up, this node cannot reach the PBX: {}", reference, owner,
                    e.getMessage());
        }
    }

    /** Hangs up the lines of this node that another node was asked to hang up. */
    @Scheduled(fixedDelayString = "${outbound.pbx.send-interval:1s}")
    void hangUpRequested() {
        jdbc.sql("""
                select reference from pbx_dial
                where hang_up_requested_at is not null and node_id = :node and state in ('Sending', 'Sent')
                """)
                .param("node", properties.nodeId()).query(String.class).list().forEach(reference -> {
                    gateway.hangUp(reference);
                    jdbc.sql("update pbx_dial set hang_up_requested_at = null where reference = :reference")
                            .param("reference", reference).update();
                });
    }

    /** The attempts whose line may be up: claimed or sent, and not known to have ended. */
    public List<OpenDial> open() {
        return jdbc.sql("""
                select reference, call_id, attempt, state, node_id, requested_at, claimed_at, sent_at from pbx_dial
                where state in ('Sending', 'Sent')
                """)
                .query((rs, row) -> new OpenDial(rs.getString("reference"), rs.getObject("call_id", UUID.class),
                        rs.getInt("attempt"), State.valueOf(rs.getString("state")), rs.getString("node_id"),
                        rs.getObject("requested_at", OffsetDateTime.class),
                        rs.getObject("claimed_at", OffsetDateTime.class),
                        rs.getObject("sent_at", OffsetDateTime.class)))
                .list();
    }

    /**
     * The attempt is over for the engine (its line is gone or was ended); a later event of it changes nothing. False
     * when it was over already.
     */
    public boolean ended(String reference) {
        return jdbc.sql("update pbx_dial set state = 'Ended', ended_at = :now where reference = :reference"
                        + " and state in ('Sending', 'Sent')")
                .param("reference", reference).param("now", OffsetDateTime.now(clock)).update() == 1;
    }

    /** The tries of an attempt that never reached the PBX (state Failed); empty for any other attempt. */
    public Optional<Integer> failedTries(String reference) {
        return jdbc.sql("select send_tries from pbx_dial where reference = :reference and state = 'Failed'")
                .param("reference", reference).query(Integer.class).optional();
    }

    /** A Sending attempt the PBX knows alive did go out. */
    public void confirmSent(String reference) {
        settle(reference, State.Sent);
    }

    /**
     * Gives the node's open lines to no node at all, one that never beats: to the others it is a silent node, so the
     * first of them that reaches the PBX adopts each line. Returns how many lines were handed over.
     */
    public int handOver(String nodeId) {
        String nobody = "handed over by " + nodeId;
        return jdbc.sql("""
                update pbx_dial set node_id = :nobody where node_id = :node and state in ('Sending', 'Sent')
                """)
                .param("nobody", nobody.substring(0, Math.min(nobody.length(), 100))).param("node", nodeId)
                .update();
    }

    /**
     * This node answers for an attempt from now on (its node is dead and the PBX still knows the line); only while
     * the dead node still owns it, so that a line another node adopted meanwhile stays with that node. Returns whether
     * this node adopted it.
     */
    public boolean adopt(String reference, String fromNode) {
        return jdbc.sql("update pbx_dial set node_id = :node where reference = :reference and node_id = :from")
                .param("reference", reference).param("node", properties.nodeId()).param("from", fromNode).update() > 0;
    }

    /** The gateway's live references; reconciliation asks this once per sweep. */
    public Set<String> liveReferences() {
        try {
            Set<String> live = gateway.liveReferences();
            nodes.reachedPbx();
            return live;
        } catch (PbxUnavailableException outOfReach) {
            nodes.missedPbx();
            throw outOfReach;
        }
    }

    /**
     * The engine dialed the attempt and has given up on its line (ended, lost, refused or failed): nobody would talk
     * on it, should it come up. False for a line the engine still holds or may still send, and for a line it does not
     * know: that is not the engine's to end.
     */
    public boolean givenUp(String reference) {
        return !givenUpAmong(Set.of(reference), OffsetDateTime.now(clock)).isEmpty();
    }

    /** Of these references, the attempts the engine gave up on before {@code endedBefore} (see {@link #givenUp}). */
    public List<String> givenUpAmong(Collection<String> references, OffsetDateTime endedBefore) {
        if (references.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select reference from pbx_dial
                where reference in (:references) and state in ('Ended', 'Rejected', 'Failed')
                  and coalesce(ended_at, requested_at) < :endedBefore
                """)
                .param("references", references).param("endedBefore", endedBefore).query(String.class).list();
    }

    /** Ends a live line at the PBX without waiting for it. */
    public void hangUpLine(String reference) {
        gateway.hangUp(reference);
    }
}
