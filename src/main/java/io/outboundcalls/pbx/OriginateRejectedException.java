package io.outboundcalls.pbx;

/** The PBX refused to originate this call; retrying will not help. */
public class OriginateRejectedException extends RuntimeException {

    public OriginateRejectedException(String reason) {
        super(reason);
    }
}
