package io.outboundcalls.call;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * One DMN evaluation for a call, from the engine's history: its outputs (with several matched rules, the later rule's
 * value for an output) and each matched rule with its own outputs.
 */
public record CallDecision(String decisionKey, int version, OffsetDateTime evaluatedAt, Map<String, Object> outputs,
        List<Rule> matchedRules) {

    /** A rule that matched, by its id in the table, and what it output. */
    public record Rule(String ruleId, Map<String, Object> outputs) {
    }
}
