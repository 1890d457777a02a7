package io.outboundcalls.call;

import java.time.ZoneId;
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
                .list().stream()
                .map(this::toDecision)
                .toList();
    }

    private CallDecision toDecision(HistoricDecisionInstance instance) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (HistoricDecisionOutputInstance output : instance.getOutputs()) {
            outputs.put(output.getVariableName(), output.getValue());
        }
        int version = repository.getDecisionDefinition(instance.getDecisionDefinitionId()).getVersion();
        return new CallDecision(instance.getDecisionDefinitionKey(), version,
                instance.getEvaluationTime().toInstant().atZone(ZoneId.systemDefault()).toOffsetDateTime(), outputs);
    }
}
