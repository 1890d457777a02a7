package io.outboundcalls.process;

import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.campaign.OutboundList;
import io.outboundcalls.campaign.OutboundListRepository;
import io.outboundcalls.campaign.Project;
import io.outboundcalls.campaign.ProjectRepository;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * The inputs of callResultMapping that are facts of the call's row: its type, its attempt, and the names of its project
 * and outbound list (null for calls of no campaign, so an analyst can give one campaign its own retry delays and attempt
 * counts). A start listener of the two "Map ..." rule tasks ({@code ${callResultInputs}}) reads them from the row as the
 * decision is taken, so a call that a post condition moved is decided by its new campaign. They are transient: the
 * decision is their only reader, and stored they cost every call a variable row each, written, updated at each dial
 * and deleted. The entered result's inputs that are still missing (no result was entered, or the wait for it expired)
 * are transient nulls for the same reason.
 */
@Component("callResultInputs")
class CallResultInputs implements ExecutionListener {

    private final OutboundCallRepository calls;
    private final ProjectRepository projects;
    private final OutboundListRepository lists;

    CallResultInputs(OutboundCallRepository calls, ProjectRepository projects, OutboundListRepository lists) {
        this.calls = calls;
        this.projects = projects;
        this.lists = lists;
    }

    @Override
    public void notify(DelegateExecution execution) {
        OutboundCall call = calls.find(CallExecutions.callId(execution)).orElseThrow();
        String project = call.projectId() == null ? null
                : projects.find(call.projectId()).map(Project::name).orElse(null);
        String list = call.outboundListId() == null ? null
                : lists.find(call.outboundListId()).map(OutboundList::name).orElse(null);
        execution.setVariable(CallVariables.CALL_TYPE, Variables.stringValue(call.callType().name(), true));
        execution.setVariable(CallVariables.ATTEMPT, Variables.integerValue(call.attempt(), true));
        execution.setVariable(CallVariables.PROJECT, Variables.stringValue(project, true));
        execution.setVariable(CallVariables.OUTBOUND_LIST, Variables.stringValue(list, true));
        for (String name : CallVariables.OUTCOME) {
            if (!execution.hasVariable(name)) {
                execution.setVariable(name, Variables.untypedNullValue(true));
            }
        }
    }
}
