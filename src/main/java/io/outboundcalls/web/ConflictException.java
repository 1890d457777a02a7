package io.outboundcalls.web;

/** A request the resource's current state does not allow; answered 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String reason) {
        super(reason);
    }
}
