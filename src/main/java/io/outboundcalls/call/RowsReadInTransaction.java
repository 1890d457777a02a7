package io.outboundcalls.call;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The outbound_call rows read in the current transaction, bound to it like its connection: suspended with it (a
 * nested REQUIRES_NEW transaction reads for itself), dropped when it ends. Outside a transaction nothing is kept.
 */
final class RowsReadInTransaction {

    private final Object key = new Object();

    OutboundCall get(UUID id) {
        Map<UUID, OutboundCall> rows = rows(false);
        return rows == null ? null : rows.get(id);
    }

    void remember(OutboundCall call) {
        Map<UUID, OutboundCall> rows = rows(true);
        if (rows != null) {
            rows.put(call.id(), call);
        }
    }

    void forget() {
        Map<UUID, OutboundCall> rows = rows(false);
        if (rows != null) {
            rows.clear();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<UUID, OutboundCall> rows(boolean create) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Map<UUID, OutboundCall> rows = (Map<UUID, OutboundCall>) TransactionSynchronizationManager.getResource(key);
        if (rows == null && create) {
            Map<UUID, OutboundCall> bound = new HashMap<>();
            TransactionSynchronizationManager.bindResource(key, bound);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void suspend() {
                    TransactionSynchronizationManager.unbindResourceIfPossible(key);
                }

                @Override
                public void resume() {
                    TransactionSynchronizationManager.bindResource(key, bound);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(key);
                }
            });
            rows = bound;
        }
        return rows;
    }
}
