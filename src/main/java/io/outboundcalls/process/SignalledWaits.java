package io.outboundcalls.process;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ReceiveTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

/**
 * The receive tasks of a call's model that wait for a message without subscribing to it: a receive task with a
 * message is a scope in Camunda 7 (an execution and an event subscription written and deleted for every pass), one
 * without is a wait of the execution that arrives, which the engine signals. Each names the message it stands for in
 * its extension property {@value #AWAITS}, which analysts see in Camunda Modeler; a wait for one of several messages
 * names them separated by commas, and the gateway after it reads which came from the transient variable
 * {@code receivedMessage}.
 */
final class SignalledWaits {

    /** The extension property of a receive task without a message that names the message the engine signals it for. */
    static final String AWAITS = "awaits";

    private final RepositoryService repository;
    private final Map<String, Map<String, List<String>>> byDefinition = new ConcurrentHashMap<>();

    SignalledWaits(RepositoryService repository) {
        this.repository = repository;
    }

    /** Activity id → the messages it awaits, for the receive tasks without a message of this process definition. */
    Map<String, List<String>> of(String processDefinitionId) {
        // a deployed definition never changes: read its model once
        return byDefinition.computeIfAbsent(processDefinitionId,
                id -> in(repository.getBpmnModelInstance(id)));
    }

    /** Activity id → the messages it awaits, for the receive tasks without a message of this model. */
    private static Map<String, List<String>> in(BpmnModelInstance model) {
        Map<String, List<String>> awaited = new HashMap<>();
        for (ReceiveTask task : model.getModelElementsByType(ReceiveTask.class)) {
            if (task.getMessage() != null || task.getExtensionElements() == null) {
                continue;
            }
            for (CamundaProperties properties : task.getExtensionElements().getElementsQuery()
                    .filterByType(CamundaProperties.class).list()) {
                for (CamundaProperty property : properties.getCamundaProperties()) {
                    if (AWAITS.equals(property.getCamundaName()) && property.getCamundaValue() != null) {
                        awaited.put(task.getId(), Arrays.stream(property.getCamundaValue().split(","))
                                .map(String::strip).filter(name -> !name.isEmpty()).toList());
                    }
                }
            }
        }
        return Map.copyOf(awaited);
    }
}
