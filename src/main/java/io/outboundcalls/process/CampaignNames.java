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
 * The campaign inputs of callResultMapping ({@code project}, {@code outboundList}: names, null for calls of no
 * campaign), so an analyst can give one campaign its own retry delays and attempt counts. A start listener of the two
 * "Map ..." rule tasks ({@code ${campaignNames}}) reads them from the call's row as the decision is taken, so a call
 * that a post condition moved is decided by its new campaign. They are transient: the decision is their only reader,
 * and stored they cost every call two variable rows written and deleted.
 */
@Component("campaignNames")
class CampaignNames implements ExecutionListener {

    private final OutboundCallRepository calls;
    private final ProjectRepository projects;
    private final OutboundListRepository lists;

    CampaignNames(OutboundCallRepository calls, ProjectRepository projects, OutboundListRepository lists) {
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
        execution.setVariable(CallVariables.PROJECT, Variables.stringValue(project, true));
        execution.setVariable(CallVariables.OUTBOUND_LIST, Variables.stringValue(list, true));
    }
}
