package io.outboundcalls.call;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/** A call as the API shows it: every column, and the decisions the engine evaluated for it. */
public record CallView(@JsonUnwrapped OutboundCall call, List<CallDecision> decisions) {
}
