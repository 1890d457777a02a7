package io.outboundcalls.distribution;

import io.outboundcalls.call.CallLifecycle;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Hands the cycle's offers to the calls' lifecycles, apart from the cycle: the offer row is the durable record, so the
 * cycle's transaction stays short. Each delivery is tried once, and one that was not taken (a race, a node stopped
 * in between) is delivered again by any node once it is older than {@link #REDELIVER_AFTER}; the lifecycle takes an
 * offer only while it is the call's open one, so a repeated delivery changes nothing.
 */
@Component
class OfferNotifier implements DisposableBean {

    static final Duration REDELIVER_AFTER = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(OfferNotifier.class);

    private final CallLifecycle lifecycle;
    private final DistributionRepository distribution;
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "offer-notifier");
        thread.setDaemon(true);
        return thread;
    });

    OfferNotifier(CallLifecycle lifecycle, DistributionRepository distribution) {
        this.lifecycle = lifecycle;
        this.distribution = distribution;
    }

    void deliver(List<Offer> offers) {
        offers.forEach(this::submit);
    }

    /** Delivers again what no node delivered in time. */
    void redeliverStale(OffsetDateTime now) {
        distribution.findUndeliveredOffers(now.minus(REDELIVER_AFTER), 100).forEach(this::submit);
    }

    private void submit(Offer offer) {
        if (!inFlight.add(offer.callId())) {
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    if (!lifecycle.offered(offer.callId(), offer.offerId(), offer.agentId(), offer.agentLogin())) {
                        LOG.debug("Offer of call {} to {} not taken now", offer.callId(), offer.agentLogin());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Offer of call {} to {} not delivered yet; it is delivered again later: {}",
                            offer.callId(), offer.agentLogin(), e.toString());
                } finally {
                    inFlight.remove(offer.callId());
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(offer.callId());
        }
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}
