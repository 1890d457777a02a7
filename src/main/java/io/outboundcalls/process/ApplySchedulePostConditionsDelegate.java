package io.outboundcalls.process;

import io.outboundcalls.distribution.SchedulePostConditions;
import io.outboundcalls.result.MatchedRules;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Apply the schedule post conditions": the rules the decision just matched for this call, each once per call, in the
 * transaction of the decision's evaluation; {@code terminate} tells the model whether a rule ended the call.
 */
@Component("applySchedulePostConditions")
class ApplySchedulePostConditionsDelegate implements JavaDelegate {

    private final SchedulePostConditions postConditions;
    private final Clock clock;

    ApplySchedulePostConditionsDelegate(SchedulePostConditions postConditions, Clock clock) {
        this.postConditions = postConditions;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        boolean terminate = postConditions.apply(CallExecutions.callId(execution),
                MatchedRules.take(SchedulePostConditions.DECISION_KEY), OffsetDateTime.now(clock));
        execution.setVariable(CallVariables.TERMINATE, terminate);
    }
}
