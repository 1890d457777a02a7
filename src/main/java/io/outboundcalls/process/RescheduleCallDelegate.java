package io.outboundcalls.process;

import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.result.CallResultDetail;
import io.outboundcalls.result.CallResultDetailRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Reschedule the call": back to the queue as Scheduled at a later time. The agent's chosen time wins ("call
 * another time"), then the detail's own delay, then the delay of callResultMapping.
 */
@Component("rescheduleCall")
class RescheduleCallDelegate implements JavaDelegate {

    private final OutboundCallRepository calls;
    private final CallResultDetailRepository details;
    private final Clock clock;

    RescheduleCallDelegate(OutboundCallRepository calls, CallResultDetailRepository details, Clock clock) {
        this.calls = calls;
        this.details = details;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        calls.reschedule(CallExecutions.callId(execution), nextAttemptAt(execution, now), now);
    }

    private OffsetDateTime nextAttemptAt(DelegateExecution execution, OffsetDateTime now) {
        if (execution.getVariable(CallVariables.RESCHEDULE_AT) instanceof Date chosen) {
            return chosen.toInstant().atZone(ZoneId.systemDefault()).toOffsetDateTime();
        }
        Object detailId = execution.getVariable(CallVariables.CALL_RESULT_DETAIL_ID);
        Optional<Integer> detailDelay = Optional.ofNullable(detailId)
                .flatMap(id -> details.find(UUID.fromString(id.toString())))
                .map(CallResultDetail::rescheduleAfterSeconds);
        if (detailDelay.isPresent()) {
            return now.plusSeconds(detailDelay.get());
        }
        String tableDelay = RecordCallResultDelegate.CallResultMapping
                .of(execution.getVariable(CallVariables.CALL_RESULT_MAPPING)).rescheduleAfter();
        return tableDelay == null ? now : now.plus(Duration.parse(tableDelay));
    }
}
