package io.outboundcalls.process;

import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

/**
 * The customer hangs up while the agent's result task stays open ("Enter the call result during or after the call",
 * whose extension property awaits CallHungUp): the call's row enters the phase Result, and the gateway after the task
 * reads it there. No token moves, so the hang-up writes two rows instead of ending one task and opening another.
 * <p>
 * The execution's revision is raised all the same: a result entered at the same moment reads the phase and moves the
 * same execution, so one of the two fails on the revision and is tried again, and a result never takes the talk for
 * still going on after the hang-up has committed. As {@link SignalWaitCmd}, it acts only on the pass of the task in
 * which the caller found the execution. A second hang-up of the same talk (a late LineLost after the HungUp) finds the
 * phase written already and changes nothing, so it does not fail a result in flight.
 */
final class EndTalkInResultTaskCmd implements Command<Boolean> {

    private final String executionId;
    private final String activityId;
    private final int revision;
    private final String message;
    private final CallPhaseMirror phases;

    EndTalkInResultTaskCmd(String executionId, String activityId, int revision, String message,
            CallPhaseMirror phases) {
        this.executionId = executionId;
        this.activityId = activityId;
        this.revision = revision;
        this.message = message;
        this.phases = phases;
    }

    @Override
    public Boolean execute(CommandContext commandContext) {
        if (!CallMessages.CALL_HUNG_UP.equals(message)) {
            throw new IllegalStateException("user task " + activityId + " awaits " + message
                    + "; a user task can await only " + CallMessages.CALL_HUNG_UP);
        }
        ExecutionEntity execution = commandContext.getExecutionManager().findExecutionById(executionId);
        if (execution == null || execution.isEnded() || !execution.isActive()
                || !activityId.equals(execution.getActivityId()) || execution.getRevision() != revision) {
            throw new MismatchingMessageCorrelationException(message,
                    "execution " + executionId + " no longer waits in " + activityId + " at revision " + revision);
        }
        if (!phases.enter(execution, "Result")) {
            return false;
        }
        execution.forceUpdate();
        return true;
    }
}
