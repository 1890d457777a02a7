package io.outboundcalls.distribution;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.outboundcalls.system.ConfigParameters;
import io.outboundcalls.system.OutboundProperties;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The cyclic distribution of calls ("ServiceSync" in the seed), on every node: the Ready agents are taken in
 * batches, each batch one short transaction of {@link OfferAssignment}; the offers then go to the calls' process
 * instances through {@link OfferNotifier}. Row locks with SKIP LOCKED make any number of nodes safe: no call is
 * offered to two agents and no agent holds two offers.
 */
@Component
public class DistributionCycle implements SchedulingConfigurer {

    static final int AGENTS_PER_BATCH = 50;
    private static final Logger LOG = LoggerFactory.getLogger(DistributionCycle.class);

    private final DistributionRepository distribution;
    private final OfferAssignment assignment;
    private final OfferNotifier notifier;
    private final ConfigParameters config;
    private final OutboundProperties properties;
    private final Clock clock;
    private final Timer cycleTimer;
    private final Counter offerCounter;

    DistributionCycle(DistributionRepository distribution, OfferAssignment assignment, OfferNotifier notifier,
            ConfigParameters config, OutboundProperties properties, Clock clock, MeterRegistry meters) {
        this.distribution = distribution;
        this.assignment = assignment;
        this.notifier = notifier;
        this.config = config;
        this.properties = properties;
        this.clock = clock;
        this.cycleTimer = Timer.builder("outbound.distribution.cycle")
                .description("Time of one distribution cycle (assignment of offers)").register(meters);
        this.offerCounter = Counter.builder("outbound.distribution.offers")
                .description("Calls offered to agents").register(meters);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (properties.distribution().enabled()) {
            registrar.addFixedDelayTask(this::runSafely, properties.distribution().interval());
        }
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("Distribution cycle failed; the next cycle tries again", e);
        }
    }

    /** One cycle: offers due calls to the Ready agents, then delivers what earlier cycles could not. */
    public List<Offer> runOnce() {
        List<Offer> offers = cycleTimer.record(this::assignOffers);
        offerCounter.increment(offers.size());
        notifier.deliver(offers);
        notifier.redeliverStale(OffsetDateTime.now(clock));
        return offers;
    }

    /** The assignment part of a cycle, without delivering the offers to the process instances. */
    List<Offer> assignOffers() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<RunningList> lists = distribution.findRunningLists();
        if (lists.isEmpty()) {
            return List.of();
        }
        boolean unifiedQueue = config.unifiedQueue();
        List<UUID> ready = distribution.findReadyAgentIds(now, unifiedQueue);
        ZoneId zone = properties.timeZone();
        List<Offer> offers = new ArrayList<>();
        for (int from = 0; from < ready.size(); from += AGENTS_PER_BATCH) {
            List<UUID> batch = ready.subList(from, Math.min(ready.size(), from + AGENTS_PER_BATCH));
            try {
                offers.addAll(assignment.assign(batch, lists, now, zone, unifiedQueue));
            } catch (RuntimeException e) {
                LOG.warn("A distribution batch was rolled back and is retried next cycle: {}", e.toString());
            }
        }
        return offers;
    }
}
