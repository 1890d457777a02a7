package io.outboundcalls.distribution;

import io.outboundcalls.call.CallLifecycle;
import io.outboundcalls.result.LatestDecisions;
import io.outboundcalls.result.LatestDecisions.LatestDecision;
import io.outboundcalls.result.MatchedRule;
import io.outboundcalls.system.OutboundProperties;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Screens the waiting calls against the latest schedulePostConditions table, in id order, as many per interval as fit
 * its time budget (a large backlog takes several intervals), and
 * wakes the process instance of each call a rule newly matches (message SchedulePostConditionsMet). The instance then
 * evaluates the table itself, so the decision is in the call's history, and applies it. Screening writes nothing, so
 * a rule that matches a call it was already applied to costs no more than its evaluation.
 */
@Component
class SchedulePostConditionSweep implements SchedulingConfigurer {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulePostConditionSweep.class);
    // the smallest UUID as databases order them (unsigned, byte by byte)
    private static final UUID FIRST = new UUID(0, 0);

    private final SchedulePostConditionRepository repository;
    private final SchedulePostConditions postConditions;
    private final LatestDecisions decisions;
    private final CallLifecycle lifecycle;
    private final TransactionTemplate transaction;
    private final OutboundProperties properties;
    private final Clock clock;
    private volatile UUID cursor = FIRST;

    SchedulePostConditionSweep(SchedulePostConditionRepository repository, SchedulePostConditions postConditions,
            LatestDecisions decisions, CallLifecycle lifecycle, PlatformTransactionManager transactionManager,
            OutboundProperties properties, Clock clock) {
        this.repository = repository;
        this.postConditions = postConditions;
        this.decisions = decisions;
        this.lifecycle = lifecycle;
        this.transaction = new TransactionTemplate(transactionManager);
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (properties.distribution().enabled()) {
            registrar.addFixedDelayTask(this::runSafely, properties.postConditions().interval());
        }
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("Screening the waiting calls against the schedule post conditions failed; it runs again", e);
        }
    }

    /**
     * Screens every waiting call once, from the first, whatever round the schedule is in (the scheduled batches wait
     * meanwhile); returns the number of calls woken up. Tests drive the screening with it instead of waiting for it.
     */
    synchronized int runRound() {
        cursor = FIRST;
        int woken = 0;
        do {
            woken += runOnce();
        } while (!FIRST.equals(cursor));
        return woken;
    }

    /** One batch; returns the number of calls woken up. */
    synchronized int runOnce() {
        Optional<LatestDecision> decision = decisions.latest(SchedulePostConditions.DECISION_KEY);
        if (decision.isEmpty()) {
            return 0;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        int batchSize = properties.postConditions().batchSize();
        long deadline = System.nanoTime() + properties.postConditions().timeBudget().toNanos();
        List<WaitingCall> batch = repository.waitingCallsAfter(cursor, now, batchSize);
        Map<UUID, Set<String>> applied = repository.appliedRules(batch.stream().map(WaitingCall::id).toList());
        int woken = 0;
        int screened = 0;
        for (WaitingCall call : batch) {
            List<MatchedRule> matched = decisions.matchedRules(decision.get(), call.decisionInputs());
            if (!postConditions.newRules(matched, applied.getOrDefault(call.id(), Set.of())).isEmpty()) {
                woken += wake(call.id());
            }
            screened++;
            if (System.nanoTime() > deadline) {
                break; // the rest of the batch waits for the next interval: screening never takes over the CPU
            }
        }
        boolean roundComplete = screened == batch.size() && batch.size() < batchSize;
        cursor = roundComplete || batch.isEmpty() ? FIRST : batch.get(screened - 1).id();
        LOG.debug("Screened {} waiting calls against {} version {}: {} woken", screened, decision.get().key(),
                decision.get().version(), woken);
        return woken;
    }

    private int wake(UUID callId) {
        try {
            return Boolean.TRUE.equals(transaction.execute(tx -> {
                if (!repository.lockWaiting(callId)) {
                    return false;
                }
                lifecycle.postConditionsMet(callId);
                return true;
            })) ? 1 : 0;
        } catch (RuntimeException e) {
            LOG.warn("Call {} matched a schedule post condition but its process was not woken; next round: {}",
                    callId, e.toString());
            return 0;
        }
    }
}
