package io.outboundcalls.process;

import io.outboundcalls.distribution.SchedulePostConditions;
import io.outboundcalls.distribution.WaitingCall;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * "Look up the waiting call": the facts the schedule post conditions decide on (waiting time, priority, project,
 * language, ...) as transient variables {@code waitingPriority}, {@code waitingProject}, ..., which the decision task
 * maps to its inputs ({@code priority}, {@code project}, ...), so they never reach the call's history or clash with the
 * process's own variables.
 */
@Component("lookUpTheWaitingCall")
class LookUpTheWaitingCallDelegate implements JavaDelegate {

    private final SchedulePostConditions postConditions;
    private final Clock clock;

    LookUpTheWaitingCallDelegate(SchedulePostConditions postConditions, Clock clock) {
        this.postConditions = postConditions;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        WaitingCall call = postConditions.facts(CallExecutions.callId(execution), OffsetDateTime.now(clock))
                .orElseThrow(() -> new IllegalStateException("call " + execution.getProcessBusinessKey() + " is gone"));
        call.decisionInputs().forEach((input, value) ->
                execution.setVariable(factName(input), Variables.untypedValue(value, true)));
    }

    /** {@code priority} → {@code waitingPriority}: the name the decision task's input mapping reads. */
    static String factName(String input) {
        return "waiting" + Character.toUpperCase(input.charAt(0)) + input.substring(1);
    }
}
