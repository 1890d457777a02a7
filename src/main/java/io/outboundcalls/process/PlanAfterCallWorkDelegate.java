package io.outboundcalls.process;

import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.campaign.Project;
import io.outboundcalls.campaign.ProjectRepository;
import java.util.Optional;
import java.util.stream.Stream;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * "Plan the after-call work": reads the project's result bar, result wait and post-call pause at the hang-up. A
 * result the agent entered during the talk needs no more entry.
 * The result must come within the result wait and, the seed says, within a timed post-call pause ("if the period
 * expires, the NoResult status is indicated"): the result deadline is the shorter of the two.
 */
@Component("planAfterCallWork")
class PlanAfterCallWorkDelegate implements JavaDelegate {

    private final OutboundCallRepository calls;
    private final ProjectRepository projects;

    PlanAfterCallWorkDelegate(OutboundCallRepository calls, ProjectRepository projects) {
        this.calls = calls;
        this.projects = projects;
    }

    @Override
    public void execute(DelegateExecution execution) {
        OutboundCall call = calls.find(CallExecutions.callId(execution)).orElseThrow();
        Optional<Project> project = Optional.ofNullable(call.projectId()).flatMap(projects::find);
        boolean hasAgent = CallExecutions.agentId(execution) != null;

        String postCallPause = "Off";
        Integer pauseSeconds = null;
        if (hasAgent && project.isPresent() && project.get().hasPostCallPause()) {
            pauseSeconds = project.get().postCallPauseSeconds();
            postCallPause = pauseSeconds == 0 ? "Unlimited" : "Timed";
        }
        // the kind of pause is read again once the result is recorded, maybe after a wait (it tells whether a pause
        // runs alongside, to be joined); its length only by the timer right after
        execution.setVariable(CallVariables.POST_CALL_PAUSE, postCallPause);
        execution.setVariable(CallVariables.POST_CALL_PAUSE_DURATION,
                Variables.stringValue("Timed".equals(postCallPause) ? "PT" + pauseSeconds + "S" : null, true));

        String resultEntry = "None";
        String deadline = null;
        // a result entered during the talk is kept: the call finishes with it (the dial empties the outcome of an
        // earlier attempt, so a general result here is this talk's)
        boolean enteredDuringTheCall = execution.getVariable(CallVariables.GENERAL_RESULT) != null;
        if (hasAgent && project.isPresent() && project.get().showResultBar() && !enteredDuringTheCall) {
            Integer timedPause = "Timed".equals(postCallPause) ? pauseSeconds : null;
            Optional<Integer> shortest = Stream.of(project.get().resultWaitSeconds(), timedPause)
                    .filter(s -> s != null)
                    .min(Integer::compare);
            resultEntry = shortest.isPresent() ? "WithinDeadline" : "Unlimited";
            deadline = shortest.map(s -> "PT" + s + "S").orElse(null);
        }
        execution.setVariable(CallVariables.RESULT_ENTRY, Variables.stringValue(resultEntry, true));
        execution.setVariable(CallVariables.RESULT_DEADLINE, Variables.stringValue(deadline, true));
    }
}
