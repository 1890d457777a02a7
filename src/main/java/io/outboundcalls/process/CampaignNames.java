package io.outboundcalls.process;

import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.campaign.OutboundList;
import io.outboundcalls.campaign.OutboundListRepository;
import io.outboundcalls.campaign.Project;
import io.outboundcalls.campaign.ProjectRepository;
import java.util.Objects;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The campaign inputs of callResultMapping ({@code project}, {@code outboundList}: names, null for calls of no
 * campaign), so an analyst can give one campaign its own retry delays and attempt counts. Written at each dial and
 * at each hang-up, the two points before the decision is evaluated, so a call a post condition moved to another
 * campaign is decided by its new one.
 */
@Component
class CampaignNames {

    private final ProjectRepository projects;
    private final OutboundListRepository lists;

    CampaignNames(ProjectRepository projects, OutboundListRepository lists) {
        this.projects = projects;
        this.lists = lists;
    }

    void write(DelegateExecution execution, OutboundCall call) {
        String project = call.projectId() == null ? null
                : projects.find(call.projectId()).map(Project::name).orElse(null);
        String list = call.outboundListId() == null ? null
                : lists.find(call.outboundListId()).map(OutboundList::name).orElse(null);
        setIfChanged(execution, CallVariables.PROJECT, project);
        setIfChanged(execution, CallVariables.OUTBOUND_LIST, list);
    }

    /** A retry of the same campaign writes no variable row again. */
    private static void setIfChanged(DelegateExecution execution, String name, String value) {
        if (!execution.hasVariable(name) || !Objects.equals(execution.getVariable(name), value)) {
            execution.setVariable(name, value);
        }
    }
}
