package io.outboundcalls.call;

import java.time.OffsetDateTime;
import java.util.Map;

/** One DMN evaluation for a call, from the engine's history. */
public record CallDecision(String decisionKey, int version, OffsetDateTime evaluatedAt, Map<String, Object> outputs) {
}
