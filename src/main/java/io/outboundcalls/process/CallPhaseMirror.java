package io.outboundcalls.process;

import io.outboundcalls.call.CallPhase;
import io.outboundcalls.call.OutboundCallRepository;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Execution listener ({@code ${callPhaseMirror.enter(execution, 'Enqueue')}}) that writes the phase the instance
 * enters into outbound_call, in the engine's transaction, so the row and the instance never disagree.
 */
@Component("callPhaseMirror")
public class CallPhaseMirror {

    private final OutboundCallRepository calls;
    private final Clock clock;

    CallPhaseMirror(OutboundCallRepository calls, Clock clock) {
        this.calls = calls;
        this.clock = clock;
    }

    /**
     * Whether the process last wrote this phase into the call's row, for a gateway that asks what happened outside the
     * token's path: read afresh, as a hang-up may have committed since the transaction first read the row (it raises
     * the execution's revision too, so a move decided on a read before its commit fails and is tried again).
     */
    public boolean isIn(DelegateExecution execution, String phase) {
        return calls.processPhase(UUID.fromString(execution.getProcessBusinessKey()))
                .map(current -> current == CallPhase.valueOf(phase)).orElse(false);
    }

    /** Writes the phase; false when the row already showed it (nothing written). */
    public boolean enter(DelegateExecution execution, String phase) {
        return calls.enterPhase(UUID.fromString(execution.getProcessBusinessKey()), execution.getProcessInstanceId(),
                CallPhase.valueOf(phase), OffsetDateTime.now(clock));
    }
}
