package io.outboundcalls.pbx;

import io.outboundcalls.domain.DialRefusedException;

/** The PBX refused to originate this call; retrying will not help. */
public class OriginateRejectedException extends DialRefusedException {

    public OriginateRejectedException(String reason) {
        super(reason);
    }
}
