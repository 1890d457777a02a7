package io.outboundcalls.web;

/** A request body larger than its limit (outbound.limits); answered 413. */
public class BodyTooLargeException extends RuntimeException {

    public BodyTooLargeException(String what, long limit) {
        super(what + " is larger than " + limit + " bytes, the limit of this engine (outbound.limits)");
    }
}
