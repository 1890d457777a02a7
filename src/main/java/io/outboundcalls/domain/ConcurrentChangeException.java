package io.outboundcalls.domain;

/**
 * A concurrent change of the same record won the race (an agent's result against the call's hang-up): nothing was
 * written, and the same request sent again will most likely pass. Answered like Camunda's lost optimistic races.
 */
public class ConcurrentChangeException extends StateConflictException {

    public ConcurrentChangeException(String reason) {
        super(reason);
    }
}
