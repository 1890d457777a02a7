package io.outboundcalls.domain;

/** An action the record's current state does not allow (a call no longer Manual, a busy line). */
public class StateConflictException extends RuntimeException {

    public StateConflictException(String reason) {
        super(reason);
    }
}
