package io.outboundcalls.process;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.IncidentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * Moves an execution on from a receive task without a message ({@link SignalledWaits}), as Camunda's own signal does,
 * but only while it still waits in that task, in the same pass in which the caller found it there (the execution's
 * revision). The same execution goes on to the next wait, and after a declined offer comes back to the same task, so a
 * signal that a concurrent move overtook would otherwise end the wrong wait: a late answer would hang up the talk, or
 * an outcome of one attempt move the next. A move committed after this check fails the flush on the revision instead.
 * <p>
 * It checks no Camunda authorization of its own, unlike Camunda's signal: its callers have decided who may move the
 * call (the PBX event inbox, which acts for the PBX, and a result entered through {@code /api/agent/tasks}, whose task
 * the controller matched to the signed-in agent). Operators in Cockpit move calls through Camunda's own commands,
 * which check theirs.
 */
final class SignalWaitCmd implements Command<Void> {

    private final String executionId;
    private final String activityId;
    private final int revision;
    private final String message;
    private final Map<String, Object> variables;

    SignalWaitCmd(String executionId, String activityId, int revision, String message, Map<String, Object> variables) {
        this.executionId = executionId;
        this.activityId = activityId;
        this.revision = revision;
        this.message = message;
        this.variables = variables;
    }

    @Override
    public Void execute(CommandContext commandContext) {
        ExecutionEntity execution = commandContext.getExecutionManager().findExecutionById(executionId);
        if (execution == null || execution.isEnded() || !execution.isActive()
                || !activityId.equals(execution.getActivityId()) || execution.getRevision() != revision) {
            throw new MismatchingMessageCorrelationException(message,
                    "execution " + executionId + " no longer waits in " + activityId + " at revision " + revision);
        }
        if (!variables.isEmpty()) {
            execution.setVariables(overStoredCopies(execution));
        }
        // a scope takes its incidents along when it ends; this wait is none, so the incidents raised while the call
        // waited here (a dial that never reached the PBX, PbxDialIncident) end when it leaves, as they did
        for (IncidentEntity incident : execution.getIncidents()) {
            if (activityId.equals(incident.getActivityId())) {
                incident.delete();
            }
        }
        execution.signal(null, null);
        return null;
    }

    /**
     * A name the engine sets transient (receivedMessage, dialOutcome) that an operator stored by hand would make this
     * and every later delivery fail (Camunda refuses a transient value over a stored one, even one removed in the same
     * command): such a name is given as a stored value, over the stored copy.
     */
    private Map<String, Object> overStoredCopies(ExecutionEntity execution) {
        Map<String, Object> given = variables;
        for (Map.Entry<String, Object> variable : variables.entrySet()) {
            if (variable.getValue() instanceof TypedValue typed && typed.isTransient()
                    && execution.getVariableInstance(variable.getKey()) instanceof VariableInstanceEntity) {
                if (given == variables) {
                    given = new HashMap<>(variables);
                }
                given.put(variable.getKey(), typed.getValue());
            }
        }
        return given;
    }
}
