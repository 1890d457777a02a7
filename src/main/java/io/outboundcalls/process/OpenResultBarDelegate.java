package io.outboundcalls.process;

import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.campaign.Project;
import io.outboundcalls.campaign.ProjectRepository;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * "Open the result bar" when the customer answers: the seed's agent sets the result "during or immediately after the
 * end of an outbound call", so with the project's result bar the result task exists from the answer on. A result
 * entered during the talk is kept and the call finishes with it after the hang-up; a hang-up first leaves the result
 * to the after-call work, with its deadline. A project without a post-call pause and without a result wait has nothing
 * that starts at the hang-up: its agent keeps one task for the result during and after the talk.
 */
@Component("openResultBar")
class OpenResultBarDelegate implements JavaDelegate {

    private final OutboundCallRepository calls;
    private final ProjectRepository projects;

    OpenResultBarDelegate(OutboundCallRepository calls, ProjectRepository projects) {
        this.calls = calls;
        this.projects = projects;
    }

    @Override
    public void execute(DelegateExecution execution) {
        OutboundCall call = calls.find(CallExecutions.callId(execution)).orElseThrow();
        Optional<Project> project = CallExecutions.agentId(execution) == null ? Optional.empty()
                : Optional.ofNullable(call.projectId()).flatMap(projects::find);
        boolean open = project.map(Project::showResultBar).orElse(false);
        boolean afterCallWork = project.map(p -> p.hasPostCallPause() || p.resultWaitSeconds() != null).orElse(false);
        // read by the next gateway only, in this transaction
        execution.setVariable(CallVariables.RESULT_BAR_DURING_THE_CALL, Variables.booleanValue(open, true));
        execution.setVariable(CallVariables.AFTER_CALL_WORK_FROM_THE_HANG_UP,
                Variables.booleanValue(afterCallWork, true));
    }
}
