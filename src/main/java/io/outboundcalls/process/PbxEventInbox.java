package io.outboundcalls.process;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.outboundcalls.pbx.PbxEvent;
import io.outboundcalls.pbx.PbxEventListener;
import io.outboundcalls.process.PbxEventRepository.StoredEvent;
import io.outboundcalls.system.AfterCommit;
import io.outboundcalls.system.OutboundProperties;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where every PBX adapter's events arrive: each is stored in the inbox (pbx_event) before anything acts on it, on
 * the adapter's thread, and {@link PbxEventDispatcher} hands it to the call later. While the database is out of reach
 * the events queue here in arrival order and are stored once it is back, so an outage delays events and drops none.
 */
@Component
class PbxEventInbox implements PbxEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(PbxEventInbox.class);

    private final PbxEventRepository events;
    private final PbxInboxSignal signal;
    private final String node;
    private final Clock clock;
    private final Counter received;
    private final Counter duplicates;
    private final Counter refused;
    /** Events not stored yet because the database failed; later events queue behind them to keep their order. */
    private final Deque<PbxEvent> unstored = new ArrayDeque<>();
    private volatile boolean backlog;

    PbxEventInbox(PbxEventRepository events, PbxInboxSignal signal, OutboundProperties properties,
            Clock clock, MeterRegistry meters) {
        this.events = events;
        this.signal = signal;
        this.node = properties.nodeId();
        this.clock = clock;
        this.received = Counter.builder("outbound.pbx.events.received")
                .description("PBX events stored in the inbox").register(meters);
        this.duplicates = Counter.builder("outbound.pbx.events.duplicates")
                .description("PBX events delivered again and stored once").register(meters);
        this.refused = Counter.builder("outbound.pbx.events.refused")
                .description("PBX events the database refused as they were (logged and dropped)").register(meters);
        Gauge.builder("outbound.pbx.events.unstored", unstored, queue -> {
            synchronized (queue) {
                return queue.size();
            }
        }).description("PBX events kept in memory until the database takes them again").register(meters);
    }

    @Override
    public void onEvent(PbxEvent event) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // the engine's own event, stored with the decision that made it: kept in memory it would outlive a
            // rollback of that decision, or be lost with this node after the decision had committed
            store(event);
            return;
        }
        if (backlog) {
            queue(event);
            return;
        }
        try {
            store(event);
        } catch (DataIntegrityViolationException refused) {
            dropRefused(event, refused);
        } catch (DataAccessException e) {
            LOG.warn("PBX event {} of {} kept in memory until the database is back: {}", event.type(),
                    event.callReference(), e.getMessage());
            queue(event);
        }
    }

    /**
     * An event the database refuses as it is (a reference longer than any the engine gives, from a PBX that rewrote
     * it) is never stored, however often tried: kept in the queue, every later event would wait behind it for ever.
     * No call of the engine's can take it, so it is named in the log and dropped.
     */
    private void dropRefused(PbxEvent event, DataIntegrityViolationException refused) {
        LOG.error("PBX event {} of reference '{}' refused by the database and dropped: {}", event.type(),
                event.callReference(), refused.getMostSpecificCause().getMessage());
        this.refused.increment();
    }

    private void store(PbxEvent event) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        // adapters deliver outside any transaction, so the event is committed and its call may take it now; the
        // engine's own events (a dial withdrawn before it went out, an originate the PBX refused) are stored in the
        // transaction that decided them, or right after its commit on its connection: the workers would not see them
        // yet, so they are due for the polls at once rather than after the hand-over's grace
        boolean committed = !TransactionSynchronizationManager.isActualTransactionActive();
        Optional<StoredEvent> stored = events.store(event, now, node, committed ? signal.dueFor(now) : now);
        if (stored.isPresent()) {
            received.increment();
            if (committed) {
                signal.arrived(stored.get());
            } else {
                // a poll before the commit would not see it
                AfterCommit.run(signal::raise);
            }
        } else {
            duplicates.increment();
            LOG.debug("PBX event {} of {} stored already", event.type(), event.callReference());
        }
    }

    /** True while events the database refused wait in this node's memory to be stored. */
    boolean holdsUnstored() {
        return backlog;
    }

    private void queue(PbxEvent event) {
        synchronized (unstored) {
            unstored.addLast(event);
            backlog = true;
        }
    }

    /** Stores what the database refused before, oldest first, until it refuses again. */
    @Scheduled(fixedDelay = 1000)
    void storeQueued() {
        synchronized (unstored) {
            while (!unstored.isEmpty()) {
                try {
                    store(unstored.peekFirst());
                } catch (DataIntegrityViolationException refused) {
                    dropRefused(unstored.peekFirst(), refused);
                } catch (DataAccessException stillDown) {
                    return;
                }
                unstored.removeFirst();
            }
            backlog = false;
        }
    }
}
