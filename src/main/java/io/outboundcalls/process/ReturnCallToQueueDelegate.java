package io.outboundcalls.process;

import io.outboundcalls.agent.AgentRepository;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Return the call to the queue": the offer was not taken up, so the agent's line is free again. */
@Component("returnCallToQueue")
class ReturnCallToQueueDelegate implements JavaDelegate {

    private final AgentRepository agents;
    private final Clock clock;

    ReturnCallToQueueDelegate(AgentRepository agents, Clock clock) {
        this.agents = agents;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID agentId = CallExecutions.agentId(execution);
        if (agentId != null) {
            agents.releaseLine(agentId, CallExecutions.callId(execution), OffsetDateTime.now(clock));
        }
    }
}
