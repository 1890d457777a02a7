package io.outboundcalls.process;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ReceiveTask;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

/**
 * The receive tasks of a call's model that wait for a message without subscribing to it: a receive task with a
 * message is a scope in Camunda 7 (an execution and an event subscription written and deleted for every pass), one
 * without is a wait of the execution that arrives, which the engine signals. Each names the message it stands for in
 * its extension property {@value #AWAITS}, which analysts see in Camunda Modeler; a wait for one of several messages
 * names them separated by commas, and the gateway after it reads which came from the transient variable
 * {@code receivedMessage}.
 * <p>
 * A user task may name a message it awaits too: the message is recorded while the task stays open, as Camunda cannot
 * signal a user task ({@link EndTalkInResultTaskCmd} for the one such message, CallHungUp).
 */
final class SignalledWaits {

    /** The extension property of a receive task without a message that names the message the engine signals it for. */
    static final String AWAITS = "awaits";

    private final RepositoryService repository;
    private final Map<String, Waits> byDefinition = new ConcurrentHashMap<>();

    /** A definition's waits: activity id → the messages it awaits, and which of those activities are user tasks. */
    private record Waits(Map<String, List<String>> awaited, Set<String> userTasks) {
    }

    SignalledWaits(RepositoryService repository) {
        this.repository = repository;
    }

    /**
     * Activity id → the messages it awaits, for the receive tasks without a message and the user tasks that name one,
     * of this process definition.
     */
    Map<String, List<String>> of(String processDefinitionId) {
        return waits(processDefinitionId).awaited();
    }

    /** Whether this activity of the definition is a user task, which stays open when its message comes. */
    boolean staysOpen(String processDefinitionId, String activityId) {
        return waits(processDefinitionId).userTasks().contains(activityId);
    }

    private Waits waits(String processDefinitionId) {
        // a deployed definition never changes: read its model once
        return byDefinition.computeIfAbsent(processDefinitionId, id -> in(repository.getBpmnModelInstance(id)));
    }

    /** The receive tasks without a message and the user tasks of this model that name a message they await. */
    private static Waits in(BpmnModelInstance model) {
        Map<String, List<String>> awaited = new HashMap<>();
        for (ReceiveTask task : model.getModelElementsByType(ReceiveTask.class)) {
            if (task.getMessage() == null) {
                awaits(task, awaited);
            }
        }
        Set<String> userTasks = new HashSet<>();
        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            if (awaits(task, awaited)) {
                userTasks.add(task.getId());
            }
        }
        return new Waits(Map.copyOf(awaited), Set.copyOf(userTasks));
    }

    private static boolean awaits(BaseElement task, Map<String, List<String>> awaited) {
        if (task.getExtensionElements() == null) {
            return false;
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
        return awaited.containsKey(task.getId());
    }
}
