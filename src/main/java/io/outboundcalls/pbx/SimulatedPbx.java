package io.outboundcalls.pbx;

import io.outboundcalls.system.OutboundProperties;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * A PBX in memory, so the engine runs end to end without a telephone exchange. It rings the agent's extension (which
 * answers at once, unless it is listed in {@code unanswered-extensions}: then it rings for {@code agent-ring-timeout}
 * and the offer comes back unanswered), then the number: a number ending in 0486 is
 * busy, 0487 does not answer, 0488 cannot be originated, 0489 answers and talks until someone hangs up, 0490 rings
 * until someone hangs up, and any other answers after {@code answer-delay} and hangs up after {@code talk-time}.
 * It knows only the calls of its own node and of this run, and says so truthfully in {@link #liveReferences}.
 */
@Component
@ConditionalOnProperty(prefix = "outbound.pbx", name = "adapter", havingValue = "simulated", matchIfMissing = true)
class SimulatedPbx implements PbxGateway, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedPbx.class);

    private final PbxEventListener listener;
    private final Duration answerDelay;
    private final Duration talkTime;
    private final Set<String> unansweredExtensions;
    private final Duration agentRingTimeout;
    /** The next pending event of each call in progress; a call is connected once it is in {@link #connected}. */
    private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    private final Set<String> connected = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private final ScheduledExecutorService timeline = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "simulated-pbx");
        thread.setDaemon(true);
        return thread;
    });

    SimulatedPbx(PbxEventListener listener, OutboundProperties properties) {
        this.listener = listener;
        this.answerDelay = properties.pbx().simulator().answerDelay();
        this.talkTime = properties.pbx().simulator().talkTime();
        this.unansweredExtensions = Set.copyOf(properties.pbx().simulator().unansweredExtensions());
        this.agentRingTimeout = properties.pbx().simulator().agentRingTimeout();
    }

    @Override
    public void originate(OriginateRequest request) {
        String number = request.number();
        String reference = request.callReference();
        if (number.endsWith("0488")) {
            throw new OriginateRejectedException("simulated PBX rejects numbers ending in 0488");
        }
        LOG.info("Simulated PBX dials extension {} then {} for call {}", request.agentExtension(), number, reference);
        PbxEvent.Type outcome = request.agentExtension() != null
                && unansweredExtensions.contains(request.agentExtension()) ? PbxEvent.Type.AgentNoAnswer
                : number.endsWith("0486") ? PbxEvent.Type.CustomerBusy
                : number.endsWith("0487") ? PbxEvent.Type.CustomerNoAnswer
                : PbxEvent.Type.CustomerAnswered;
        // One chain of tasks per call keeps its events in order: the hang-up never overtakes the answer. The lock
        // keeps a zero answer delay from running the first task before its future is recorded.
        synchronized (lock) {
            if (outcome == PbxEvent.Type.CustomerAnswered && number.endsWith("0490")) {
                pending.put(reference, timeline.schedule(() -> { }, 3650, TimeUnit.DAYS));
                return;
            }
            Duration delay = outcome == PbxEvent.Type.AgentNoAnswer ? agentRingTimeout : answerDelay;
            boolean talksOn = number.endsWith("0489");
            pending.put(reference, timeline.schedule(() -> answer(reference, outcome, talksOn), delay.toMillis(),
                    TimeUnit.MILLISECONDS));
        }
    }

    private void answer(String reference, PbxEvent.Type outcome, boolean talksOn) {
        synchronized (lock) {
            if (pending.remove(reference) == null) {
                return; // hung up meanwhile
            }
            if (outcome == PbxEvent.Type.CustomerAnswered) {
                connected.add(reference);
            }
        }
        // the answer is reported before the talk's end can be scheduled, so the hang-up never overtakes it
        emit(reference, outcome);
        if (outcome == PbxEvent.Type.CustomerAnswered && !talksOn) {
            synchronized (lock) {
                if (connected.contains(reference)) {
                    pending.put(reference, timeline.schedule(() -> finish(reference), talkTime.toMillis(),
                            TimeUnit.MILLISECONDS));
                }
            }
        }
    }

    @Override
    public void hangUp(String callReference) {
        synchronized (lock) {
            ScheduledFuture<?> next = pending.remove(callReference);
            if (next != null) {
                next.cancel(false);
            }
        }
        timeline.execute(() -> finish(callReference));
    }

    private void finish(String reference) {
        boolean wasConnected;
        synchronized (lock) {
            pending.remove(reference);
            wasConnected = connected.remove(reference);
        }
        if (wasConnected) {
            emit(reference, PbxEvent.Type.HungUp);
        }
    }

    private void emit(String callReference, PbxEvent.Type type) {
        try {
            listener.onEvent(new PbxEvent(callReference, type));
        } catch (RuntimeException e) {
            LOG.error("Event {} of call {} was not delivered", type, callReference, e);
        }
    }

    /** Truthful for this node's simulator: after a restart it knows no call of the node's previous life. */
    @Override
    public Set<String> liveReferences() {
        synchronized (lock) {
            Set<String> live = new HashSet<>(pending.keySet());
            live.addAll(connected);
            return live;
        }
    }

    @Override
    public void destroy() {
        timeline.shutdownNow();
    }
}
