package io.outboundcalls.web;

/** The authenticated user lacks a permission such as AllowWrite; answered 403. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String reason) {
        super(reason);
    }
}
