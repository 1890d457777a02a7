package io.outboundcalls.distribution;

import io.outboundcalls.call.CallIntake;
import io.outboundcalls.call.CallLifecycle;
import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.system.OutboundProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The seed's "direct modification of the database", on every node: gives rows inserted into outbound_call (by SQL or
 * a bulk import) their process instance, and moves on the instances of Manual calls whose phase an integrator set to
 * Enqueue. It works through what is pending batch by batch until nothing is left, then waits one interval. New rows
 * start {@value #STARTS_PER_TRANSACTION} to a transaction; a chunk that fails is done again row by row.
 */
@Component
class SqlIntegrationPickup implements SchedulingConfigurer, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(SqlIntegrationPickup.class);
    /** Process starts share a transaction: one commit (and its fsync) for many calls, the largest cost of a start. */
    private static final int STARTS_PER_TRANSACTION = 25;

    private final DistributionRepository distribution;
    private final OutboundCallRepository calls;
    private final CallIntake intake;
    private final CallLifecycle lifecycle;
    private final TransactionTemplate transaction;
    private final OutboundProperties properties;
    /** Two threads: a start waits on the database about half its time, so a second one keeps the cores busy. */
    private final ExecutorService starters = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "sql-pickup");
        thread.setDaemon(true);
        return thread;
    });

    SqlIntegrationPickup(DistributionRepository distribution, OutboundCallRepository calls, CallIntake intake,
            CallLifecycle lifecycle, PlatformTransactionManager transactionManager,
            OutboundProperties properties) {
        this.distribution = distribution;
        this.calls = calls;
        this.intake = intake;
        this.lifecycle = lifecycle;
        this.transaction = new TransactionTemplate(transactionManager);
        this.properties = properties;
    }

    @Override
    public void destroy() throws InterruptedException {
        starters.shutdown();
        // a chunk in flight commits or rolls back before the connection pool closes under it; queued chunks return at
        // once (startChunk), their rows are taken up by the next start
        if (!starters.awaitTermination(10, TimeUnit.SECONDS)) {
            starters.shutdownNow();
        }
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (properties.distribution().enabled()) {
            registrar.addFixedDelayTask(this::runUntilDone, properties.distribution().interval());
        }
    }

    private void runUntilDone() {
        try {
            while (runOnce(properties.distribution().pickupBatchSize()) > 0) {
                // keep going while rows are waiting; each batch is its own set of short transactions
            }
        } catch (RuntimeException e) {
            LOG.error("Pick-up of SQL-written calls failed; it tries again next interval", e);
        }
    }

    /** One batch: returns how many rows it moved on. */
    int runOnce(int batchSize) {
        if (starters.isShutdown()) {
            return 0;
        }
        int done = 0;
        List<UUID> newRows = distribution.findRowsWithoutProcess(batchSize);
        List<Future<Integer>> chunks = new ArrayList<>();
        for (int from = 0; from < newRows.size(); from += STARTS_PER_TRANSACTION) {
            List<UUID> chunk = newRows.subList(from, Math.min(newRows.size(), from + STARTS_PER_TRANSACTION));
            try {
                chunks.add(starters.submit(() -> startChunk(chunk)));
            } catch (RejectedExecutionException e) {
                break; // the node began to stop after the check above: the rest is taken up later
            }
        }
        for (Future<Integer> chunk : chunks) {
            try {
                done += chunk.get();
            } catch (ExecutionException e) {
                LOG.warn("Process starts of SQL-written rows failed; they are tried again", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return done;
            }
        }
        for (UUID callId : distribution.findCallsReleasedBySql(batchSize)) {
            done += inOwnTransaction(callId, "enqueue", () -> {
                if (!distribution.lockCallReleasedBySql(callId)) {
                    return false;
                }
                lifecycle.enqueued(callId);
                return true;
            });
        }
        return done;
    }

    private int startChunk(List<UUID> chunk) {
        if (starters.isShutdown()) {
            return 0; // queued before the node began to stop: taken up later, by this node or another
        }
        try {
            return transaction.execute(tx -> {
                int started = 0;
                for (UUID callId : chunk) {
                    started += takeUp(callId) ? 1 : 0;
                }
                return started;
            });
        } catch (RuntimeException e) {
            if (starters.isShutdown()) {
                // the node is stopping, not a row at fault: the rows stay without a process and are taken up later
                LOG.info("Process starts of {} SQL-written rows stopped by the shutdown; they are taken up later",
                        chunk.size());
                return 0;
            }
            // one row spoiled the chunk: each row on its own, so the others still start
            int started = 0;
            for (UUID callId : chunk) {
                started += inOwnTransaction(callId, "start the process of", () -> takeUp(callId));
            }
            return started;
        }
    }

    /** Gives one row its process instance, or records why it cannot have one; false if another node has it. */
    private boolean takeUp(UUID callId) {
        if (!distribution.lockRowWithoutProcess(callId)) {
            return false;
        }
        OutboundCall call;
        try {
            call = intake.acceptSqlRow(calls.find(callId).orElseThrow());
        } catch (InvalidInputException e) {
            calls.rejectSqlRow(callId, e.getMessage());
            LOG.warn("Row {} of outbound_call was not taken up: {} (fix the row and clear pickup_error)",
                    callId, e.getMessage());
            return true;
        }
        lifecycle.start(call, intake.lostShiftDeadlineOf(call), null);
        return true;
    }

    private int inOwnTransaction(UUID callId, String what, Supplier<Boolean> work) {
        try {
            return Boolean.TRUE.equals(transaction.execute(tx -> work.get())) ? 1 : 0;
        } catch (RuntimeException e) {
            LOG.warn("Could not {} call {} written by SQL: {}", what, callId, e.toString());
            return 0;
        }
    }
}
