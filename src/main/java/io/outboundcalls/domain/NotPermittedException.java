package io.outboundcalls.domain;

/** The acting user lacks a permission such as AllowWrite. */
public class NotPermittedException extends RuntimeException {

    public NotPermittedException(String reason) {
        super(reason);
    }
}
