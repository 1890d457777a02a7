package io.outboundcalls.result;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationListener;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.camunda.bpm.engine.repository.DecisionDefinition;

/**
 * Captures which rules of a decision table matched, with their ids, for the thread that evaluated it. A business rule
 * task's result carries the outputs but not the rules; code that must apply each rule once needs their ids.
 */
public final class MatchedRules implements DmnDecisionTableEvaluationListener {

    private static final ThreadLocal<Map<String, List<MatchedRule>>> LAST = ThreadLocal.withInitial(HashMap::new);

    @Override
    public void notify(DmnDecisionTableEvaluationEvent event) {
        int version = event.getDecisionTable() instanceof DecisionDefinition deployed ? deployed.getVersion() : 0;
        List<MatchedRule> rules = new ArrayList<>();
        for (DmnEvaluatedDecisionRule rule : event.getMatchingRules()) {
            Map<String, Object> outputs = new LinkedHashMap<>();
            rule.getOutputEntries().values().forEach(output -> outputs.put(output.getOutputName(),
                    output.getValue() == null ? null : output.getValue().getValue()));
            rules.add(new MatchedRule(rule.getId(), outputs, version));
        }
        LAST.get().put(event.getDecisionTable().getKey(), rules);
    }

    /** The rules of the last evaluation of this decision on this thread, in rule order; forgets them. */
    public static List<MatchedRule> take(String decisionKey) {
        List<MatchedRule> rules = LAST.get().remove(decisionKey);
        return rules == null ? List.of() : rules;
    }
}
