package io.outboundcalls.domain;

/** The telephone system refused to dial a number; trying again will not help. */
public class DialRefusedException extends RuntimeException {

    public DialRefusedException(String reason) {
        super(reason);
    }
}
