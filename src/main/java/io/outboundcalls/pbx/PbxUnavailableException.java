package io.outboundcalls.pbx;

import io.outboundcalls.domain.TelephonyUnavailableException;

/** The PBX could not be reached; the dial job is retried and ends as an incident. */
public class PbxUnavailableException extends TelephonyUnavailableException {

    public PbxUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
