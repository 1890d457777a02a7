package io.outboundcalls.process;

import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.campaign.ProjectRepository;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Switch the agent to post-call pause": the project's automatic PCP status, remembering the status before it. */
@Component("switchAgentToPostCallPause")
class SwitchAgentToPostCallPauseDelegate implements JavaDelegate {

    private final OutboundCallRepository calls;
    private final ProjectRepository projects;
    private final AgentRepository agents;
    private final Clock clock;

    SwitchAgentToPostCallPauseDelegate(OutboundCallRepository calls, ProjectRepository projects,
            AgentRepository agents, Clock clock) {
        this.calls = calls;
        this.projects = projects;
        this.agents = agents;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID callId = CallExecutions.callId(execution);
        UUID agentId = CallExecutions.agentId(execution);
        calls.find(callId)
                .map(call -> call.projectId())
                .flatMap(projects::find)
                .map(project -> project.automaticPcpStatusId())
                .ifPresent(pcpStatus -> agents.switchToPostCallPause(agentId, pcpStatus, callId,
                        OffsetDateTime.now(clock)));
    }
}
