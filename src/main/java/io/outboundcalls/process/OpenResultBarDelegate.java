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
 * to the after-call work, with its deadline.
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
        boolean open = CallExecutions.agentId(execution) != null
                && Optional.ofNullable(call.projectId()).flatMap(projects::find).map(Project::showResultBar)
                        .orElse(false);
        // read by the next gateway only, in this transaction
        execution.setVariable(CallVariables.RESULT_BAR_DURING_THE_CALL, Variables.booleanValue(open, true));
    }
}
