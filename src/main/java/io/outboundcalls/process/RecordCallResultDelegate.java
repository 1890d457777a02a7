package io.outboundcalls.process;

import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.call.CallResult;
import io.outboundcalls.call.OutboundCallRepository;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Record the call result" / "Record the PBX outcome": writes what callResultMapping decided into the row and
 * frees the agent's line, whose call is over once its result is known.
 */
@Component("recordCallResult")
class RecordCallResultDelegate implements JavaDelegate {

    private final OutboundCallRepository calls;
    private final AgentRepository agents;
    private final Clock clock;

    RecordCallResultDelegate(OutboundCallRepository calls, AgentRepository agents, Clock clock) {
        this.calls = calls;
        this.agents = agents;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID callId = CallExecutions.callId(execution);
        CallResultMapping mapping = CallResultMapping.of(execution.getVariable(CallVariables.CALL_RESULT_MAPPING));
        Object detailId = execution.getVariable(CallVariables.CALL_RESULT_DETAIL_ID);
        OffsetDateTime now = OffsetDateTime.now(clock);

        calls.recordResult(callId, mapping.callResult(), detailId == null ? null : UUID.fromString(detailId.toString()),
                (String) execution.getVariable(CallVariables.NOTE), mapping.finish(), now);
        execution.setVariable(CallVariables.FINISH, mapping.finish());
        UUID agentId = CallExecutions.agentId(execution);
        if (agentId != null) {
            agents.releaseLine(agentId, callId, now);
        }
    }

    /** The single result of callResultMapping; no matching rule means the call ends without a result. */
    record CallResultMapping(CallResult callResult, boolean finish, String rescheduleAfter) {

        static CallResultMapping of(Object decisionResult) {
            if (!(decisionResult instanceof Map<?, ?> outputs) || outputs.get("callResult") == null) {
                return new CallResultMapping(CallResult.NoResult, true, null);
            }
            Object finish = outputs.get("finish");
            Object rescheduleAfter = outputs.get("rescheduleAfter");
            return new CallResultMapping(
                    CallResult.valueOf(outputs.get("callResult").toString()),
                    finish == null || Boolean.TRUE.equals(finish),
                    rescheduleAfter == null ? null : rescheduleAfter.toString());
        }
    }
}
