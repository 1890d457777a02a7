package io.outboundcalls.process;

import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/** Reads the call's identity out of an execution of the outboundCall process. */
final class CallExecutions {

    private CallExecutions() {
    }

    static UUID callId(DelegateExecution execution) {
        return UUID.fromString(execution.getProcessBusinessKey());
    }

    static UUID agentId(DelegateExecution execution) {
        Object agentId = execution.getVariable(CallVariables.AGENT_ID);
        return agentId == null ? null : UUID.fromString(agentId.toString());
    }
}
