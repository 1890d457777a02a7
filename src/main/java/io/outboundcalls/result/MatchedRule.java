package io.outboundcalls.result;

import java.util.Map;

/**
 * One rule of a decision table that matched, with its id (stable across versions edited in Modeler), its outputs and
 * the version of the deployed decision it belongs to (0 when the decision was not deployed in the engine).
 */
public record MatchedRule(String ruleId, Map<String, Object> outputs, int decisionVersion) {
}
