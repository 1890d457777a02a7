package io.outboundcalls.process;

import io.micrometer.core.instrument.MeterRegistry;
import io.outboundcalls.call.CallPhase;
import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.pbx.PbxDials;
import io.outboundcalls.pbx.PbxDials.OpenDial;
import io.outboundcalls.pbx.PbxEvent;
import io.outboundcalls.pbx.PbxUnavailableException;
import io.outboundcalls.system.EngineNodes;
import io.outboundcalls.system.OutboundProperties;
import io.outboundcalls.system.OutcomeCounter;
import io.outboundcalls.system.RedoableCommit;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Settles the calls whose PBX line is gone without the PBX saying so, or that outlived their deadline: on every node,
 * every {@code outbound.pbx.reconcile-interval} and once at start-up, it asks the PBX port which references are alive
 * and, for each attempt this node owns (or owned by a dead node), puts a LineLost event into the inbox for a
 * line that is gone or past its deadline (ring timeout while dialing, maximum talk time). The inbox then moves the
 * call as for any PBX event: never answered, a lost attempt back to the queue; answered, a hang-up.
 */
@Component
class CallReconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(CallReconciliation.class);
    /** A line this young may not have reached the PBX yet, or its last event may be on its way into the inbox. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final PbxDials dials;
    private final PbxEventRepository events;
    private final PbxEventInbox inbox;
    private final OutboundCallRepository calls;
    private final EngineNodes nodes;
    private final OutboundProperties properties;
    private final Clock clock;
    private final OutcomeCounter reconciled;
    private final RedoableCommit redoable;

    CallReconciliation(PbxDials dials, PbxEventRepository events, PbxEventInbox inbox, OutboundCallRepository calls,
            EngineNodes nodes, OutboundProperties properties, Clock clock, MeterRegistry meters,
            RedoableCommit redoable) {
        this.redoable = redoable;
        this.dials = dials;
        this.events = events;
        this.inbox = inbox;
        this.calls = calls;
        this.nodes = nodes;
        this.properties = properties;
        this.clock = clock;
        this.reconciled = new OutcomeCounter(meters, "outbound.pbx.reconciled",
                "Calls and lines settled by reconciliation: line gone or past its deadline, by outcome; handedOver: lines"
                        + " a node gave to the others because it could not reach the PBX",
                List.of("lost", "ended", "stray", "handedOver"));
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStartUp() {
        LOG.info("Reconciling the PBX lines of node {} at start-up", nodes.self());
        sweepSafely();
    }

    @Scheduled(fixedDelayString = "${outbound.pbx.reconcile-interval:5s}",
            initialDelayString = "${outbound.pbx.reconcile-interval:5s}")
    void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("Reconciliation of PBX lines skipped this time: {}", e.toString());
        }
    }

    /** One pass; returns how many lines it settled. */
    int sweep() {
        List<OpenDial> open = dials.open();
        Set<String> live = liveReferencesOrHandOver();
        int settled = hangUpGivenUpLines(live, open);
        if (open.isEmpty()) {
            return settled;
        }
        String self = nodes.self();
        Set<String> dead = nodes.deadAmong(open.stream().map(OpenDial::nodeId).collect(Collectors.toSet()));
        List<OpenDial> mine = open.stream()
                .filter(dial -> dial.nodeId().equals(self) || dead.contains(dial.nodeId()))
                .toList();
        if (mine.isEmpty()) {
            return settled;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<OpenDial> toSettle = mine.stream()
                .filter(dial -> mayNeedSettling(dial, live.contains(dial.reference()), now))
                .toList();
        // the calls of all those lines in one read: with hundreds of agents talking longer than the ring timeout,
        // a read per line and sweep cost more than the sweep's real work
        Map<UUID, OutboundCall> callsOfLines = calls.findAll(toSettle.stream().map(OpenDial::callId).toList());
        for (OpenDial dial : toSettle) {
            if (waitsForEventsInMemory()) {
                return settled; // before the first line, or since the database failed during this sweep
            }
            try {
                if (settle(dial, callsOfLines.get(dial.callId()), live.contains(dial.reference()), now)) {
                    settled++;
                }
            } catch (DataAccessResourceFailureException | PbxUnavailableException everyLineWouldFail) {
                // the database or the PBX out of reach: the sweep ends here rather than wait for it line by line and
                // go on with what it read before
                throw everyLineWouldFail;
            } catch (RuntimeException e) {
                // a failure of this line alone (a deadlock with its call's own transaction, the PBX refusing this
                // hang-up) does not keep the others from being settled; the line is still open, the next sweep
                // tries it again
                LOG.warn("Line {} not reconciled this time: {}", dial.reference(), e.toString());
                LOG.debug("Line {} not reconciled", dial.reference(), e);
            }
        }
        return settled;
    }

    /**
     * Events the database could not take yet wait in this node's memory: a line that looks gone, or a call still
     * dialing past its ring timeout, may have been answered meanwhile; settled now, the answered customer would count
     * as a lost attempt and be dialed again. The first sweep after they are stored settles it.
     */
    private boolean waitsForEventsInMemory() {
        if (inbox.holdsUnstored()) {
            LOG.info("Reconciliation waits for the PBX events kept in memory to be stored");
            return true;
        }
        return false;
    }

    /**
     * The PBX's live lines. A node that has not reached its PBX for as long as a node may be silent hands its open lines
     * to the others (its heartbeat goes on, so they would not take them over by themselves): the first node that
     * reaches the PBX adopts each, and settles it as any line of a dead node. Without that, a node whose PBX connection
     * stays down would hold its calls and their agents until it came back.
     */
    private Set<String> liveReferencesOrHandOver() {
        try {
            return dials.liveReferences();
        } catch (RuntimeException outOfReach) {
            OffsetDateTime since = nodes.pbxOutOfReachSince().orElse(null);
            if (since != null && !since.plus(EngineNodes.SILENCE).isAfter(OffsetDateTime.now(clock))) {
                int handedOver = dials.handOver(nodes.self());
                if (handedOver > 0) {
                    LOG.warn("Node {} has not reached the PBX since {}: {} of its lines handed to the other nodes",
                            nodes.self(), since, handedOver);
                    reconciled.increment("handedOver", handedOver);
                }
            }
            throw outOfReach;
        }
    }

    /**
     * Hangs up the lines the PBX has up although the engine gave up on their attempt a while ago: a line of a lost
     * attempt that a stalled PBX carried out after all (ringing, before anyone answers it), or one whose hang-up
     * failed. Under load every live line is an open one, and this reads nothing.
     */
    private int hangUpGivenUpLines(Set<String> live, List<OpenDial> open) {
        Set<String> notOpen = new HashSet<>(live);
        open.forEach(dial -> notOpen.remove(dial.reference()));
        if (notOpen.isEmpty()) {
            return 0;
        }
        // a line whose end was just decided may still be listed while the PBX takes it down
        List<String> givenUp = dials.givenUpAmong(notOpen, OffsetDateTime.now(clock).minus(GRACE));
        int hungUp = 0;
        for (String reference : givenUp) {
            LOG.info("Line {} is up though its attempt was given up: hanging it up", reference);
            try {
                dials.hangUpLine(reference);
                count("stray");
                hungUp++;
            } catch (PbxUnavailableException everyLineWouldFail) {
                throw everyLineWouldFail;
            } catch (RuntimeException e) {
                // still up, so the next sweep finds it again; the lines of this sweep's other calls go on
                LOG.warn("Line {} not hung up this time: {}", reference, e.toString());
                LOG.debug("Line {} not hung up", reference, e);
            }
        }
        return hungUp;
    }

    /** False for a line that surely needs nothing now, decided without reading its call. */
    private boolean mayNeedSettling(OpenDial dial, boolean alive, OffsetDateTime now) {
        OffsetDateTime since = since(dial);
        if (alive && dial.state() == PbxDials.State.Sent && dial.nodeId().equals(nodes.self())
                && since.plus(properties.pbx().ringTimeout()).isAfter(now)) {
            return false; // a line of this node, alive and younger than every deadline
        }
        return alive || !(since.plus(GRACE).isAfter(now) || events.hasPending(dial.reference()));
    }

    /** Sent: since it went out; claimed: since its originate began (after a queue or a retry); else requested. */
    private static OffsetDateTime since(OpenDial dial) {
        return dial.sentAt() != null ? dial.sentAt()
                : dial.claimedAt() != null ? dial.claimedAt() : dial.requestedAt();
    }

    private boolean settle(OpenDial dial, OutboundCall call, boolean alive, OffsetDateTime now) {
        OffsetDateTime since = since(dial);
        boolean current = call != null && call.attempt() == dial.attempt()
                && (call.callPhase() == CallPhase.Dialing || call.callPhase() == CallPhase.AgentTalk);
        if (!alive) {
            return lost(dial, current, dial.nodeId().equals(nodes.self()) ? "its line is gone"
                    : "its node " + dial.nodeId() + " is dead and the PBX knows no line");
        }
        if (!dial.nodeId().equals(nodes.self())) {
            if (!dials.adopt(dial.reference(), dial.nodeId())) {
                return false; // another node adopted it since this sweep read it
            }
            LOG.info("Node {} answers for line {} of dead node {}", nodes.self(), dial.reference(), dial.nodeId());
        }
        if (dial.state() == PbxDials.State.Sending) {
            dials.confirmSent(dial.reference());
        }
        if (!current) {
            // a call holds a line only while Dialing or in AgentTalk, and only that of its current attempt: every
            // event that moves it out of those phases ends the line's dial with it, and an operator's cancel hangs the
            // line up, so an open line here is one a failure left behind (its call finished, queued, offered again
            // or in its result). A dial that another node ended since this sweep read it was hung up by that node;
            // should that hang-up have failed, the sweep for given-up lines ends the line
            if (!dials.ended(dial.reference())) {
                return false;
            }
            LOG.info("Line {} is up but its call has moved on: hanging it up", dial.reference());
            dials.hangUpLine(dial.reference());
            count("stray");
            return true;
        }
        if (call.callPhase() == CallPhase.Dialing) {
            // an answer stored but not handled yet (the workers' queue under load) moves the call first: hung up now,
            // the customer who answered would hear the line drop
            if (since.plus(properties.pbx().ringTimeout()).isBefore(now) && !events.hasPending(dial.reference())) {
                dials.hangUpLine(dial.reference());
                return lost(dial, true, "it rang longer than " + properties.pbx().ringTimeout());
            }
        } else if (call.answeredAt() != null
                && call.answeredAt().plus(properties.pbx().maxTalkTime()).isBefore(now)) {
            dials.hangUpLine(dial.reference());
            return lost(dial, true, "its talk passed " + properties.pbx().maxTalkTime());
        }
        return false;
    }

    private boolean lost(OpenDial dial, boolean current, String why) {
        if (!current) {
            dials.ended(dial.reference());
            count("ended");
            return true;
        }
        LOG.info("Call {} attempt {}: {}; its line counts as lost", dial.callId(), dial.attempt(), why);
        // in one transaction: an ended line is no longer swept, so its call would wait for ever for an event that a
        // failure or a crash between the two had lost; lost together, the next sweep finds the line open again
        redoable.run(() -> {
            dials.ended(dial.reference());
            inbox.onEvent(new PbxEvent(dial.reference(), PbxEvent.Type.LineLost));
        });
        count("lost");
        return true;
    }

    private void count(String outcome) {
        reconciled.increment(outcome);
    }
}
