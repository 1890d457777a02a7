package io.outboundcalls.process;

import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one place where messages reach a call's process instance, keyed by business key (the call id).
 * Events from outside (the PBX) may race each other or the transaction that made the instance wait for them: the
 * engine then answers with optimistic-locking or mismatch exceptions, so {@link #deliver} retries in a fresh
 * transaction until the instance takes the message or has ended.
 */
@Component
public class CallEventCorrelator {

    private static final Logger LOG = LoggerFactory.getLogger(CallEventCorrelator.class);
    private static final int MAX_ATTEMPTS = 25;
    private static final long MAX_BACKOFF_MILLIS = 1000;

    private final RuntimeService runtimeService;
    private final TransactionTemplate newTransaction;

    CallEventCorrelator(RuntimeService runtimeService, PlatformTransactionManager transactionManager) {
        this.runtimeService = runtimeService;
        this.newTransaction = new TransactionTemplate(transactionManager);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Correlates within the caller's transaction, so the caller's row changes and the instance commit together. */
    public void correlateNow(UUID callId, String message, Map<String, Object> variables) {
        runtimeService.createMessageCorrelation(message)
                .processInstanceBusinessKey(callId.toString())
                .setVariables(variables)
                .correlateWithResult();
    }

    /** Delivers an event from outside in its own transaction, retrying races. Returns false if nobody took it. */
    public boolean deliver(UUID callId, String message, Map<String, Object> variables) {
        return deliver(callId, message, variables, () -> true);
    }

    /**
     * As {@link #deliver(UUID, String, Map)}, giving up early once {@code stillExpected} says the instance has moved
     * past the point where it would take this message.
     */
    public boolean deliver(UUID callId, String message, Map<String, Object> variables, BooleanSupplier stillExpected) {
        long backoff = 50;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                newTransaction.executeWithoutResult(tx -> correlateNow(callId, message, variables));
                return true;
            } catch (OptimisticLockingException | MismatchingMessageCorrelationException
                     | TransientDataAccessException e) {
                LOG.debug("Message {} for call {} not taken yet (attempt {}): {}", message, callId, attempt,
                        e.getMessage());
            } catch (ProcessEngineException | NullPointerException e) {
                // The engine reports some concurrent modifications with its generic exception, even an NPE.
                LOG.debug("Message {} for call {} failed (attempt {})", message, callId, attempt, e);
            }
            if (!hasActiveInstance(callId)) {
                LOG.info("Message {} for call {} dropped: the call's process has ended", message, callId);
                return false;
            }
            if (!stillExpected.getAsBoolean()) {
                LOG.info("Message {} for call {} dropped: the call has moved on", message, callId);
                return false;
            }
            sleep(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
        LOG.warn("Message {} for call {} was not taken after {} attempts", message, callId, MAX_ATTEMPTS);
        return false;
    }

    private boolean hasActiveInstance(UUID callId) {
        return runtimeService.createProcessInstanceQuery()
                .processInstanceBusinessKey(callId.toString())
                .processDefinitionKey(CallVariables.PROCESS_KEY)
                .count() > 0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering a call event", e);
        }
    }
}
