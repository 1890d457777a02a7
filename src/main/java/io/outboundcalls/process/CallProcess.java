package io.outboundcalls.process;

import io.outboundcalls.call.CallType;
import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.call.OutboundCallRepository;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/** Starts the process instance of a call row, in the caller's transaction. */
@Component
public class CallProcess {

    /** Where an instance starts, by the row's call type and phase. */
    public enum StartPhase {
        Manual, Enqueue, Dial, AgentTalk
    }

    private final RuntimeService runtimeService;
    private final OutboundCallRepository calls;

    CallProcess(RuntimeService runtimeService, OutboundCallRepository calls) {
        this.runtimeService = runtimeService;
        this.calls = calls;
    }

    /**
     * @param lostShiftDeadline for lost-call callbacks, when the call becomes Neglected; null otherwise
     */
    public ProcessInstance start(OutboundCall call, StartPhase startPhase, Date lostShiftDeadline) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(CallVariables.CALL_ID, call.id().toString());
        variables.put(CallVariables.START_PHASE, startPhase.name());
        variables.put(CallVariables.CALL_TYPE, call.callType().name());
        variables.put(CallVariables.LOST_SHIFT_CALLBACK, lostShiftDeadline != null);
        variables.put(CallVariables.LOST_SHIFT_DEADLINE, lostShiftDeadline);
        variables.put(CallVariables.ATTEMPT, call.attempt());
        variables.put(CallVariables.AGENT_ID, call.agentId() == null ? null : call.agentId().toString());
        ProcessInstance instance = runtimeService.startProcessInstanceByKey(
                CallVariables.PROCESS_KEY, call.id().toString(), variables);
        calls.attachProcessInstance(call.id(), instance.getId());
        return instance;
    }

    /** The start phase a row asks for: Visitor records start talking, private calls are dialed at once. */
    public static StartPhase startPhaseOf(OutboundCall call) {
        if (call.callType() == CallType.Visitor) {
            return StartPhase.AgentTalk;
        }
        if (call.callType() == CallType.Private) {
            return StartPhase.Dial;
        }
        return switch (call.callPhase()) {
            case Manual -> StartPhase.Manual;
            default -> StartPhase.Enqueue;
        };
    }
}
