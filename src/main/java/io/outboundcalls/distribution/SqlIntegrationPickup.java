package io.outboundcalls.distribution;

import io.outboundcalls.call.CallIntake;
import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.call.CallLifecycle;
import io.outboundcalls.system.OutboundProperties;
import io.outboundcalls.web.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The seed's "direct modification of the database", on every node: gives rows inserted into outbound_call (by SQL or
 * a bulk import) their process instance, and moves on the instances of Manual calls whose phase an integrator set to
 * Enqueue. It works through what is pending batch by batch until nothing is left, then waits one interval.
 */
@Component
class SqlIntegrationPickup implements SchedulingConfigurer {

    private static final Logger LOG = LoggerFactory.getLogger(SqlIntegrationPickup.class);

    private final DistributionRepository distribution;
    private final OutboundCallRepository calls;
    private final CallIntake intake;
    private final CallLifecycle lifecycle;
    private final TransactionTemplate transaction;
    private final OutboundProperties properties;

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
        int done = 0;
        List<UUID> newRows = distribution.findRowsWithoutProcess(batchSize);
        for (UUID callId : newRows) {
            done += inOwnTransaction(callId, "start the process of", () -> {
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
                lifecycle.start(call, null, null);
                return true;
            });
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

    private int inOwnTransaction(UUID callId, String what, Supplier<Boolean> work) {
        try {
            return Boolean.TRUE.equals(transaction.execute(tx -> work.get())) ? 1 : 0;
        } catch (RuntimeException e) {
            LOG.warn("Could not {} call {} written by SQL: {}", what, callId, e.toString());
            return 0;
        }
    }
}
