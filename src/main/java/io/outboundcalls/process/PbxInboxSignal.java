package io.outboundcalls.process;

import io.outboundcalls.process.PbxEventRepository.StoredEvent;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Between this node's inbox and its reader: an event stored here goes straight to the reader's workers; anything else
 * the reader should look at now, rather than at its next poll, raises the signal. A component of its own because the
 * reader depends (through the dials) on the adapters that deliver into the inbox.
 */
@Component
class PbxInboxSignal {

    /**
     * How long an event handed to this node's workers stays out of the polls: they find it only if it is still
     * unhandled then. Under load the workers' queue holds hundreds of events, which every poll read again only to
     * skip them; a node that dies with events queued leaves them to the other nodes' polls after this.
     */
    static final Duration HAND_OVER_GRACE = Duration.ofSeconds(5);

    private final Semaphore permits = new Semaphore(0);
    private volatile Consumer<StoredEvent> handler;
    private volatile Consumer<String> expediter = reference -> { };

    /** The reader takes the events stored on this node from now on. */
    void handOverTo(Consumer<StoredEvent> handler) {
        this.handler = handler;
    }

    /** The reader takes a line's queued events first when asked to ({@link #expedite}). */
    void expediteWith(Consumer<String> expediter) {
        this.expediter = expediter;
    }

    /** An agent waits for this line's queued events (its result is in): they go before all others. */
    void expedite(String reference) {
        expediter.accept(reference);
    }

    /** When the polls are to find an event stored on this node now: later once the reader takes events at once. */
    OffsetDateTime dueFor(OffsetDateTime now) {
        return handler != null ? now.plus(HAND_OVER_GRACE) : now;
    }

    /** An event stored and committed on this node; before the reader runs, the signal tells it to look. */
    void arrived(StoredEvent event) {
        Consumer<StoredEvent> current = handler;
        if (current != null) {
            current.accept(event);
        } else {
            raise();
        }
    }

    void raise() {
        permits.release();
    }

    /** Waits until raised or until the timeout; clears what was raised before. */
    void await(long millis) throws InterruptedException {
        permits.tryAcquire(millis, TimeUnit.MILLISECONDS);
        permits.drainPermits();
    }

    void clear() {
        permits.drainPermits();
    }
}
