package io.outboundcalls.process;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.outboundcalls.call.CallPhase;
import io.outboundcalls.call.CallType;
import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.distribution.CallOfferRepository;
import io.outboundcalls.distribution.OfferOutcome;
import io.outboundcalls.pbx.PbxDials;
import io.outboundcalls.pbx.PbxEvent;
import io.outboundcalls.process.PbxEventRepository.Outcome;
import io.outboundcalls.process.PbxEventRepository.StoredEvent;
import io.outboundcalls.system.OutboundProperties;
import io.outboundcalls.system.OutcomeCounter;
import io.outboundcalls.system.RedoableCommit;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands the inbox's PBX events to the calls' process instances, on every node. Each event is handled in a
 * transaction of its own that locks it (SKIP LOCKED: two nodes never handle one event), moves the call and marks
 * the event handled, so the same event never moves a call twice. A line's events go in arrival order: an event is
 * due only once every earlier event of its line (call and attempt) is handled. An event its call cannot take yet
 * (its dial has not committed, its instance is still busy) is parked with a later try time; no thread waits for
 * it, and other calls' events go on.
 * <p>
 * An event stored on this node is handed to the workers at once ({@link #handOver}) and is due for the polls only
 * after {@link PbxInboxSignal#HAND_OVER_GRACE}; the poll is there for what that misses: events stored inside a
 * transaction, parked events whose time came, events behind an earlier event of their line (due once that one is
 * handled), and events that a stopped node or an unreachable database left unhandled. Polling after every event cost
 * more database time than any other statement of a call under load (pg_stat_statements in docs/call-lifecycle.md). On
 * this node a line's events run one after the other in arrival order, so a handed-over event does not race the one
 * before it.
 */
@Component
class PbxEventDispatcher implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PbxEventDispatcher.class);
    private static final int BATCH = 200;
    /** The line of the call is over with these events: its dial attempt is ended. */
    private static final Set<PbxEvent.Type> LAST_OF_A_LINE = EnumSet.of(PbxEvent.Type.AgentNoAnswer,
            PbxEvent.Type.CustomerBusy, PbxEvent.Type.CustomerNoAnswer, PbxEvent.Type.CallFailed,
            PbxEvent.Type.HungUp, PbxEvent.Type.OriginateRejected, PbxEvent.Type.LineLost,
            PbxEvent.Type.DialWithdrawn);
    private static final Set<CallPhase> ON_THE_LINE = EnumSet.of(CallPhase.Offered, CallPhase.Dialing,
            CallPhase.AgentTalk);

    private final PbxEventRepository events;
    private final OutboundCallRepository calls;
    private final AwaitedMessages messages;
    private final PbxDials dials;
    private final CallOfferRepository offers;
    private final TransactionTemplate transaction;
    private final OutboundProperties properties;
    private final Clock clock;
    private final OutcomeCounter handled;
    private final Timer lag;
    private final PbxInboxSignal signal;
    private final PbxDialIncident incident;
    private final RedoableCommit redoable;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    /** Events handled ahead of their turn ({@link #expedite}): their turn has nothing left to do. */
    private final Set<Long> expedited = ConcurrentHashMap.newKeySet();
    /** The last event of each line queued on this node: the next one of the line runs after it. */
    private final Map<String, CompletableFuture<Void>> lines = new ConcurrentHashMap<>();
    /** An event was left for the poll (an earlier one of its line held it back, or it was parked). */
    private final AtomicBoolean leftForThePoll = new AtomicBoolean();
    private PbxEventWorkers workers;
    private Thread poller;
    private volatile boolean running;

    PbxEventDispatcher(PbxEventRepository events, OutboundCallRepository calls, AwaitedMessages messages,
            PbxDials dials, CallOfferRepository offers, PbxInboxSignal signal,
            PlatformTransactionManager transactionManager, OutboundProperties properties, Clock clock,
            MeterRegistry meters, PbxDialIncident incident, RedoableCommit redoable) {
        this.incident = incident;
        this.redoable = redoable;
        this.events = events;
        this.calls = calls;
        this.messages = messages;
        this.dials = dials;
        this.offers = offers;
        this.signal = signal;
        this.transaction = new TransactionTemplate(transactionManager);
        this.properties = properties;
        this.clock = clock;
        this.lag = Timer.builder("outbound.pbx.events.lag")
                .description("From a PBX event's arrival in the inbox to its call taking it").register(meters);
        Gauge.builder("outbound.pbx.events.parked", this, dispatcher -> dispatcher.parkedSafely())
                .description("PBX events stored and waiting until their call can take them").register(meters);
        this.handled = new OutcomeCounter(meters, "outbound.pbx.events.handled",
                "PBX events taken from the inbox, by what became of them",
                Arrays.stream(Outcome.values()).map(Outcome::name).toList());
    }

    @Override
    public void start() {
        running = true;
        workers = new PbxEventWorkers(Math.max(1, properties.pbx().eventThreads()));
        signal.handOverTo(this::handOver);
        signal.expediteWith(this::expedite);
        poller = new Thread(this::poll, "pbx-inbox");
        poller.setDaemon(true);
        poller.start();
    }

    @Override
    public void stop() {
        running = false;
        signal.raise();
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the engine (whose job executor and services it needs) and stops before it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private void poll() {
        while (running) {
            try {
                signal.clear();
                int submitted = 0;
                for (StoredEvent event : events.due(OffsetDateTime.now(clock), BATCH)) {
                    if (inFlight.add(event.id())) {
                        submitted++;
                        submit(event);
                    }
                }
                if (submitted == 0) {
                    signal.await(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the database is out of reach: the events wait in the inbox; look again in a second, or sooner
                // when an event arrives
                LOG.warn("PBX inbox not read: {}", e.toString());
                try {
                    signal.await(1000);
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** An event just stored and committed on this node: handled now, without waiting for a poll to find it. */
    private void handOver(StoredEvent event) {
        if (running && inFlight.add(event.id())) {
            submit(event);
        }
    }

    private void submit(StoredEvent event) {
        Runnable task = () -> {
            try {
                if (expedited.remove(event.id())) {
                    return; // without a lock that would find it handled, and a poll for nothing after that
                }
                if (!handle(event)) {
                    leftForThePoll.set(true);
                }
            } finally {
                inFlight.remove(event.id());
                expedited.remove(event.id());
                if (leftForThePoll.getAndSet(false)) {
                    signal.raise();
                }
            }
        };
        try {
            CompletableFuture<Void> queued = lines.compute(event.reference(), (line, previous) -> previous == null
                    ? CompletableFuture.runAsync(task, workers.inTurn)
                    : previous.handle((done, failed) -> null).thenRunAsync(task, workers.inTurn));
            queued.whenComplete((done, failed) -> lines.remove(event.reference(), queued));
        } catch (RejectedExecutionException stopping) {
            inFlight.remove(event.id());
        }
    }

    /**
     * Takes the events of this line that wait in this node's queue before all others, in their order: an agent's
     * result is in, and the hang-up queued behind other calls' events is all that keeps the agent from the next call.
     * The turn they had in the queue finds them handled.
     */
    void expedite(String reference) {
        if (!running || !lines.containsKey(reference)) {
            return;
        }
        try {
            workers.first.execute(() -> {
                try {
                    for (StoredEvent event : events.pendingOf(reference)) {
                        if (!handle(event)) {
                            return;
                        }
                        expedited.add(event.id());
                        if (!inFlight.contains(event.id())) {
                            expedited.remove(event.id()); // its turn has passed already
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.debug("PBX events of {} left to their turn", reference, e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            LOG.debug("PBX events of {} left to their turn: the node stops", reference);
        } catch (RuntimeException e) {
            LOG.debug("PBX events of {} left to their turn", reference, e);
        }
    }

    /** True when the event was handled or went to another node; false when it waits in the inbox for a later try. */
    boolean handle(StoredEvent event) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Outcome outcome;
        try {
            outcome = transaction.execute(tx -> {
                if (!events.lock(event.id(), event.reference())) {
                    // left to the poll (an earlier event of its line, which may park, or another node holds it):
                    // due for it now, not only after the hand-over's grace
                    events.dueNow(event.id(), now);
                    return null;
                }
                // lost in a crash of the database server, the event is unhandled again and is handled again
                redoable.forThisTransaction();
                Outcome taken = apply(event);
                if (taken == null) {
                    return park(event, now, "the call cannot take it yet");
                }
                events.handled(event.id(), event.reference(), taken, now, properties.nodeId());
                if (LAST_OF_A_LINE.contains(event.type())) {
                    // with the event, not in a transaction (and a wait for the disk) of its own
                    dials.ended(event.reference());
                }
                return taken;
            });
        } catch (RuntimeException e) {
            // a race with the call's own transaction, or the database: the event is tried again, nothing is lost
            LOG.debug("PBX event {} of {} not taken yet", event.type(), event.reference(), e);
            outcome = parkAfterFailedTry(event, now, e);
        }
        if (outcome == null) {
            return false;
        }
        // after the commit, and outside the try above: what follows must never park an event that is handled
        finished(event, outcome, now);
        return true;
    }

    private Outcome parkAfterFailedTry(StoredEvent event, OffsetDateTime now, RuntimeException failure) {
        try {
            return transaction.execute(tx -> park(event, now, failure.toString()));
        } catch (RuntimeException databaseDown) {
            LOG.warn("PBX event {} of {} waits for the database: {}", event.type(), event.reference(),
                    databaseDown.toString());
            return null;
        }
    }

    private void finished(StoredEvent event, Outcome outcome, OffsetDateTime now) {
        handled.increment(outcome.name());
        if (outcome == Outcome.Expired) {
            // not a call taking its event: the lag's percentiles stay those of the events taken
            LOG.warn("PBX event {} of {} given up after {} tries; reconciliation settles its call", event.type(),
                    event.reference(), event.tries() + 1);
        } else {
            lag.record(Duration.between(event.receivedAt(), OffsetDateTime.now(clock)));
            if (outcome != Outcome.Moved) {
                LOG.info("PBX event {} of {}: {}", event.type(), event.reference(), outcome);
            }
        }
        try {
            if (event.type() == PbxEvent.Type.DialWithdrawn) {
                // the decliner hangs up after its commit too; whichever comes second finds nothing to end
                dials.hangUpLine(event.reference());
            }
            if (event.type() == PbxEvent.Type.CustomerAnswered && lineNobodyTalksOn(event, outcome)) {
                // a line of an attempt the engine has given up on came up after all
                dials.hangUpLine(event.reference());
            }
        } catch (RuntimeException e) {
            // the event stays handled; reconciliation hangs up a line of a given-up attempt that the PBX still has
            LOG.warn("Line {} not hung up after its {} event: {}", event.reference(), event.type(), e.toString());
        }
    }

    /**
     * A line of an earlier attempt, or of the call's current attempt once reconciliation counted it lost and the call
     * went back to its queue (a stalled PBX carried out the Originate after all). The dial's state tells the second
     * from an answer the call merely does not await: a line the engine still holds stays up.
     */
    private boolean lineNobodyTalksOn(StoredEvent event, Outcome outcome) {
        return outcome == Outcome.Stale
                || (outcome == Outcome.Ignored || outcome == Outcome.Expired) && dials.givenUp(event.reference());
    }

    /**
     * Backs off from 100 ms to 5 s; past the limit the event is given up (reconciliation settles the call) and this
     * answers {@link Outcome#Expired}, else null. The line's dial stays open for reconciliation to ask the PBX about.
     */
    private Outcome park(StoredEvent event, OffsetDateTime now, String reason) {
        if (event.receivedAt().plus(properties.pbx().parkedEventLimit()).isBefore(now)) {
            return events.handled(event.id(), event.reference(), Outcome.Expired, now, properties.nodeId())
                    ? Outcome.Expired : null;
        }
        long delay = Math.min(5000, 100L << Math.min(event.tries(), 6));
        events.retryAt(event.id(), now.plus(Duration.ofMillis(delay)), reason);
        return null;
    }

    /** Moves the call if it waits for this event; null when it will, but does not yet. */
    private Outcome apply(StoredEvent event) {
        if (event.callId() == null) {
            return Outcome.Ignored;
        }
        OutboundCall call = calls.find(event.callId()).orElse(null);
        if (call == null || call.processInstanceId() == null) {
            return Outcome.Ignored;
        }
        if (event.attempt() != null && event.attempt() < call.attempt()) {
            return Outcome.Stale;
        }
        if (event.attempt() != null && event.attempt() > call.attempt()) {
            return null; // the dial of this attempt has not committed yet
        }
        Map<String, AwaitedMessages.Wait> awaited = messages.of(call.processInstanceId());
        Map<String, Object> variables = new HashMap<>();
        PbxEvent.Type type = event.type();
        if (type == PbxEvent.Type.HungUp && call.callPhase() == CallPhase.Dialing) {
            // a hang-up while the customer's phone rings (the agent leaving, on Asterisk) ends a line nobody
            // answered: an answer of the line would have been handled before it, so none follows. It ends the line's
            // dial too, so reconciliation would no longer look at it: the call takes it as its line lost
            type = PbxEvent.Type.LineLost;
        }
        OfferOutcome withdrawnAs = type == PbxEvent.Type.DialWithdrawn
                ? offers.lastOutcome(call.id()).orElse(OfferOutcome.Rejected) : null;
        // only a lost line or an unanswered extension depends on these: queries less for every other event
        boolean ownCall = false;
        if (type == PbxEvent.Type.AgentNoAnswer || type == PbxEvent.Type.LineLost) {
            if (call.callType() == CallType.Private) {
                ownCall = true;
            } else if (offers.openOfferId(call.id()).isEmpty()) {
                // no open offer: either the call was dialed for its agent and never offered, or its agent declined
                // it while this event waited (their decline's DialWithdrawn queues behind it), as DialCustomerDelegate
                // tells them apart; a declined call goes back to its queue as the decline said
                withdrawnAs = offers.lastOutcome(call.id()).orElse(null);
                ownCall = withdrawnAs == null;
            }
        }
        String message = message(type, ownCall, awaited, variables, withdrawnAs);
        if (!awaited.containsKey(message)) {
            boolean mayStillCome = ON_THE_LINE.contains(call.callPhase()) && event.attempt() != null;
            return mayStillCome ? null : Outcome.Ignored;
        }
        if (!messages.deliverTo(awaited.get(message), message, variables)) {
            return Outcome.Ignored;
        }
        if (type == PbxEvent.Type.LineLost) {
            dials.failedTries(event.reference())
                    .ifPresent(tries -> incident.raise(call.processInstanceId(), event.reference(), tries));
        }
        return Outcome.Moved;
    }

    /**
     * @param ownCall the call was dialed for its agent without an offer (a private call, a project call from the bar
     *                web URL): no queue waits for it, so an agent who does not pick up or a lost line ends it
     */
    private static String message(PbxEvent.Type type, boolean ownCall, Map<String, AwaitedMessages.Wait> awaited,
            Map<String, Object> variables, OfferOutcome withdrawnAs) {
        return switch (type) {
            case AgentNoAnswer -> {
                if (ownCall) {
                    // the agent's phone did not answer: the call ends, nobody else could take it
                    yield failed("Failed", variables);
                }
                variables.put(CallVariables.OFFER_OUTCOME,
                        (withdrawnAs == null ? OfferOutcome.NoAnswer : withdrawnAs).name());
                yield CallMessages.OFFER_DECLINED;
            }
            case CustomerAnswered -> CallMessages.CUSTOMER_ANSWERED;
            case CustomerBusy -> failed("Busy", variables);
            case CustomerNoAnswer -> failed("NoAnswer", variables);
            case CallFailed, OriginateRejected -> failed("Failed", variables);
            case HungUp -> CallMessages.CALL_HUNG_UP;
            case DialWithdrawn -> {
                variables.put(CallVariables.OFFER_OUTCOME, withdrawnAs.name());
                yield CallMessages.OFFER_DECLINED;
            }
            case LineLost -> {
                if (awaited.containsKey(CallMessages.CALL_HUNG_UP)) {
                    yield CallMessages.CALL_HUNG_UP;
                }
                if (ownCall) {
                    // a call dialed for its own agent has no queue to go back to: its dial failed
                    yield failed("Failed", variables);
                }
                variables.put(CallVariables.OFFER_OUTCOME,
                        (withdrawnAs == null ? OfferOutcome.Lost : withdrawnAs).name());
                yield CallMessages.OFFER_DECLINED;
            }
        };
    }

    private static String failed(String generalResult, Map<String, Object> variables) {
        variables.put(CallVariables.GENERAL_RESULT, generalResult);
        // the result mapping reads the detail as well; a failed first attempt has none
        variables.put(CallVariables.CALL_RESULT_DETAIL, null);
        return CallMessages.CALL_FAILED;
    }

    private double parkedSafely() {
        try {
            return events.parked();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
