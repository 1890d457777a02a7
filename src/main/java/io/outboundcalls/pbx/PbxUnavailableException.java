package io.outboundcalls.pbx;

/** The PBX could not be reached; the dial job is retried and ends as an incident. */
public class PbxUnavailableException extends RuntimeException {

    public PbxUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
