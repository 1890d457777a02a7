package io.outboundcalls.process;

import io.outboundcalls.call.OutboundCallRepository;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Neglect the call": the engine stops trying to distribute it, as the seed's Neglected status says. */
@Component("neglectCall")
class NeglectCallDelegate implements JavaDelegate {

    private final OutboundCallRepository calls;
    private final Clock clock;

    NeglectCallDelegate(OutboundCallRepository calls, Clock clock) {
        this.calls = calls;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        calls.neglect(CallExecutions.callId(execution), OffsetDateTime.now(clock));
    }
}
