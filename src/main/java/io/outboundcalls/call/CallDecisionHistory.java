package io.outboundcalls.call;

import java.time.ZoneId;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricDecisionOutputInstance;
import org.springframework.stereotype.Component;

/** Reads the decisions evaluated for a call's process instance from the engine's history. */
@Component
public class CallDecisionHistory {

    private final HistoryService history;
    private final RepositoryService repository;

    static final int MAX_DECISIONS = 500;

    CallDecisionHistory(HistoryService history, RepositoryService repository) {
        this.history = history;
        this.repository = repository;
    }

    public List<CallDecision> of(OutboundCall call) {
        if (call.processInstanceId() == null) {
            return List.of();
        }
        return history.createHistoricDecisionInstanceQuery()
                .processInstanceId(call.processInstanceId())
                .includeOutputs()
                .orderByEvaluationTime().asc()
                // a page, not list(): the engine refuses unbounded queries of an authenticated user
                // (queryMaxResultsLimit); a call's history holds a few decisions per attempt
                .listPage(0, MAX_DECISIONS).stream()
                .map(this::toDecision)
                .toList();
    }

    private CallDecision toDecision(HistoricDecisionInstance instance) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        Map<String, Map<String, Object>> byRule = new LinkedHashMap<>();
        List<HistoricDecisionOutputInstance> inRuleOrder = instance.getOutputs().stream()
                .sorted(Comparator.comparing(o -> o.getRuleOrder() == null ? 0 : o.getRuleOrder()))
                .toList();
        for (HistoricDecisionOutputInstance output : inRuleOrder) {
            outputs.put(output.getVariableName(), output.getValue());
            byRule.computeIfAbsent(output.getRuleId(), id -> new LinkedHashMap<>())
                    .put(output.getVariableName(), output.getValue());
        }
        int version = repository.getDecisionDefinition(instance.getDecisionDefinitionId()).getVersion();
        return new CallDecision(instance.getDecisionDefinitionKey(), version,
                instance.getEvaluationTime().toInstant().atZone(ZoneId.systemDefault()).toOffsetDateTime(), outputs,
                byRule.entrySet().stream().map(e -> new CallDecision.Rule(e.getKey(), e.getValue())).toList());
    }
}
