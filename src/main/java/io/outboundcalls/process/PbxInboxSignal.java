package io.outboundcalls.process;

import io.outboundcalls.process.PbxEventRepository.StoredEvent;
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

    private final Semaphore permits = new Semaphore(0);
    private volatile Consumer<StoredEvent> handler;

    /** The reader takes the events stored on this node from now on. */
    void handOverTo(Consumer<StoredEvent> handler) {
        this.handler = handler;
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
