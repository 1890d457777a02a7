package io.outboundcalls.process;

import io.outboundcalls.agent.AgentRepository;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Return the agent to Ready" when the timed post-call pause expires, unless the agent chose another status in the
 * meantime.
 */
@Component("returnAgentToReady")
class ReturnAgentToReadyDelegate implements JavaDelegate {

    private final AgentRepository agents;
    private final Clock clock;

    ReturnAgentToReadyDelegate(AgentRepository agents, Clock clock) {
        this.agents = agents;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        agents.returnFromPostCallPause(CallExecutions.agentId(execution), CallExecutions.callId(execution),
                OffsetDateTime.now(clock));
    }
}
