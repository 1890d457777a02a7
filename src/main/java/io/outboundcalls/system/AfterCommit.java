package io.outboundcalls.system;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Work that must not run before the caller's transaction has committed (nothing at all if it rolls back). */
public final class AfterCommit {

    private AfterCommit() {
    }

    /** Runs the work once the caller's transaction has committed, or at once outside a transaction. */
    public static void run(Runnable work) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    work.run();
                }
            });
        } else {
            work.run();
        }
    }
}
