package io.outboundcalls.system;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lets a transaction whose loss in a crash of the database server the engine makes good by itself commit without
 * waiting for the server's disk: on PostgreSQL, {@code synchronous_commit} off for that transaction only.
 * <p>
 * Waiting for the disk at every commit was about a fifth of the machine's work in the lifecycle benchmark (a call
 * commits about a dozen times; the same run with every commit asynchronous finished 16–20 % more calls a second, with
 * 6 ms less of PostgreSQL's CPU a call). Only a transaction that is redone or reconciled when it is lost may use
 * this: handling a stored PBX event (the event stays unhandled, and is handled again) and the PBX bookkeeping of a
 * dial (a dial left in Sending is settled by reconciliation, and with it the engine's own event that settled it: a
 * refused or failed dial's, a lost line's, which reconciliation then makes again, a refused dial as a lost attempt).
 * What the engine has told the outside world it holds (a call taken in, a result accepted, a PBX's event stored, a
 * dial requested before its originate) keeps waiting. A transaction committed this way is lost only with the
 * server's crash, never to a crash of the engine, and PostgreSQL writes its log in order: any later commit that waits
 * for the disk makes it durable too, so the database never holds a later step without an earlier one.
 */
@Component
public class RedoableCommit {

    private final JdbcClient jdbc;
    private final DatabaseKind database;
    private final TransactionTemplate transaction;

    RedoableCommit(JdbcClient jdbc, DatabaseKind database, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.database = database;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /**
     * Runs the work in a transaction of its own that commits without waiting for the disk. Inside a caller's
     * transaction it runs in that one, which keeps the durability its owner chose.
     */
    public void run(Runnable work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            work.run();
            return;
        }
        transaction.executeWithoutResult(tx -> {
            forThisTransaction();
            work.run();
        });
    }

    /** The caller's transaction commits without waiting for the disk; outside a transaction nothing changes. */
    public void forThisTransaction() {
        if (TransactionSynchronizationManager.isActualTransactionActive() && database.isPostgres()) {
            // SET LOCAL: the pooled connection's next transaction waits for the disk again
            jdbc.sql("set local synchronous_commit to off").update();
        }
    }
}
