package io.outboundcalls.process;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Tells this node's inbox reader that an event arrived or was handled: it looks now rather than at its next poll. */
@Component
class PbxInboxSignal {

    private final Semaphore permits = new Semaphore(0);

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
