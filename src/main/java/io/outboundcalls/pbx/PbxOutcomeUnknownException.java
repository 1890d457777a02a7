package io.outboundcalls.pbx;

/**
 * An action went to the PBX, but its answer did not come back in time (also when the connection broke while it was
 * under way): the PBX may have carried it out. A dial that ends so is not sent again; reconciliation asks the PBX
 * whether its line lives.
 */
public class PbxOutcomeUnknownException extends PbxUnavailableException {

    public PbxOutcomeUnknownException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
