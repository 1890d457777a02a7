package io.outboundcalls.domain;

/** The telephone system cannot be reached now; a later try may pass. */
public class TelephonyUnavailableException extends RuntimeException {

    public TelephonyUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
