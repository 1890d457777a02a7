package io.outboundcalls.distribution;

import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.process.CallEventCorrelator;
import io.outboundcalls.process.CallMessages;
import io.outboundcalls.process.CallProcess;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The seed's "direct modification of the database": gives rows inserted into outbound_call their process instance,
 * and moves on the instances of Manual calls whose phase an integrator set to Enqueue.
 */
@Component
class SqlIntegrationPickup {

    private static final Logger LOG = LoggerFactory.getLogger(SqlIntegrationPickup.class);

    private final DistributionRepository distribution;
    private final OutboundCallRepository calls;
    private final CallProcess callProcess;
    private final CallEventCorrelator correlator;
    private final TransactionTemplate transaction;

    SqlIntegrationPickup(DistributionRepository distribution, OutboundCallRepository calls, CallProcess callProcess,
            CallEventCorrelator correlator, PlatformTransactionManager transactionManager) {
        this.distribution = distribution;
        this.calls = calls;
        this.callProcess = callProcess;
        this.correlator = correlator;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    void run(int batchSize) {
        for (UUID callId : distribution.findRowsWithoutProcess(batchSize)) {
            inOwnTransaction(callId, "start the process of", () -> {
                if (distribution.lockRowWithoutProcess(callId)) {
                    OutboundCall call = calls.find(callId).orElseThrow();
                    callProcess.start(call, CallProcess.startPhaseOf(call), null);
                }
            });
        }
        for (UUID callId : distribution.findCallsReleasedBySql(batchSize)) {
            inOwnTransaction(callId, "enqueue", () -> {
                if (distribution.lockCallReleasedBySql(callId)) {
                    correlator.correlateNow(callId, CallMessages.CALL_ENQUEUED, Map.of());
                }
            });
        }
    }

    private void inOwnTransaction(UUID callId, String what, Runnable work) {
        try {
            transaction.executeWithoutResult(tx -> work.run());
        } catch (RuntimeException e) {
            LOG.warn("Could not {} call {} written by SQL: {}", what, callId, e.toString());
        }
    }
}
