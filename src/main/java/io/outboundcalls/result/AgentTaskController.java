package io.outboundcalls.result;

import io.outboundcalls.call.CallIntake;
import io.outboundcalls.call.CallLifecycle;
import io.outboundcalls.call.CallLifecycle.EnteredResult;
import io.outboundcalls.call.CallLifecycle.ResultTask;
import io.outboundcalls.call.CallType;
import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.domain.ConcurrentChangeException;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.domain.MultilineText;
import io.outboundcalls.domain.UnknownRecordException;
import io.outboundcalls.web.Authorities;
import io.outboundcalls.web.CurrentUser;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** The agent's open tasks (the result bar) and the call result they enter. */
@RestController
class AgentTaskController {

    static final int MAX_WAIT_SECONDS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(AgentTaskController.class);

    private final CallLifecycle lifecycle;
    private final OutboundCallRepository calls;
    private final CallResultDetailRepository details;
    private final Clock clock;
    private final AgentTaskWaits waits;
    private final TransactionTemplate transaction;

    AgentTaskController(CallLifecycle lifecycle, OutboundCallRepository calls, CallResultDetailRepository details,
            Clock clock, AgentTaskWaits waits, PlatformTransactionManager transactionManager) {
        this.waits = waits;
        this.transaction = new TransactionTemplate(transactionManager);
        this.lifecycle = lifecycle;
        this.calls = calls;
        this.details = details;
        this.clock = clock;
    }

    @GetMapping("/api/agent/tasks")
    List<AgentTask> tasks() {
        return tasksOf(CurrentUser.get().login());
    }

    /**
     * The agent's open tasks; with none open, the answer waits until the agent has one or {@code waitSeconds} (up to
     * 60) are up (an empty list), so that a desktop need not poll.
     */
    @GetMapping(path = "/api/agent/tasks", params = "waitSeconds")
    DeferredResult<List<AgentTask>> tasksOnceThereAreAny(@RequestParam int waitSeconds) {
        String login = CurrentUser.get().login();
        if (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) {
            throw new InvalidInputException("waitSeconds", "must be between 0 and " + MAX_WAIT_SECONDS);
        }
        List<AgentTask> open = tasksOf(login);
        if (!open.isEmpty() || waitSeconds == 0) {
            DeferredResult<List<AgentTask>> now = new DeferredResult<>();
            now.setResult(open);
            return now;
        }
        return waits.await(login, Duration.ofSeconds(waitSeconds), List.of(), () -> tasksOf(login));
    }

    private List<AgentTask> tasksOf(String login) {
        return lifecycle.resultTasksOf(login).stream()
                .map(task -> new AgentTask(task.taskId(), task.taskDefinitionKey(), task.name(), task.callId(),
                        calls.find(task.callId()).orElseThrow()))
                .toList();
    }

    @PreAuthorize(Authorities.HAS_WRITE)
    @PostMapping("/api/agent/tasks/{taskId}/result")
    OutboundCall enterResult(@PathVariable String taskId, @RequestBody ResultEntry entry) {
        CurrentUser user = CurrentUser.get();
        try {
            return transaction.execute(tx -> enterResult(user, taskId, entry));
        } catch (ConcurrentChangeException raced) {
            // the first try met the hang-up in the middle of Camunda's command and was rolled back; the change that
            // failed it has ended by now, so a second try in a transaction of its own finds the task after the call
            // (or the talk's task still open) and enters the result there, rather than asking the desktop to send it
            // again. Once, without waiting: a second race answers the 409
            return transaction.execute(tx -> enterResult(user, taskId, entry));
        }
    }

    private OutboundCall enterResult(CurrentUser user, String taskId, ResultEntry entry) {
        // a result sent for the talk as the customer hung up belongs in the after-call task that replaced it
        ResultTask task = lifecycle.resultTaskOf(user.login(), taskId)
                .or(() -> lifecycle.resultTaskReplacing(user.login(), taskId))
                .orElseThrow(() -> new UnknownRecordException("open task of " + user.login(), taskId));
        OutboundCall call = calls.find(task.callId()).orElseThrow();
        if (entry.callResultDetailId() == null) {
            throw new InvalidInputException("callResultDetailId", "is required");
        }
        CallResultDetail detail = details.find(entry.callResultDetailId())
                .filter(d -> d.isOfferedFor(channelOf(call), call.callType().name(), call.projectId()))
                .orElseThrow(() -> new InvalidInputException("callResultDetailId",
                        "no call result detail " + entry.callResultDetailId() + " is offered for this call"));
        if (entry.rescheduleAt() != null && !entry.rescheduleAt().isAfter(OffsetDateTime.now(clock))) {
            throw new InvalidInputException("rescheduleAt", "must be in the future");
        }
        if (entry.note() != null && entry.note().length() > 2000) {
            throw new InvalidInputException("note", "is longer than 2000 characters");
        }
        try {
            lifecycle.resultEntered(task, new EnteredResult(detail.generalResult().name(), detail.name(), detail.id(),
                    entry.note(), entry.rescheduleAt()));
        } catch (NullValueException gone) {
            throw endedMeanwhile(user, task, taskId);
        } catch (ProcessEngineException conflict) {
            // the hang-up moved the same instance at the same moment (a lock or version conflict); the transaction
            // is spoilt (PostgreSQL refuses further statements), so nothing more is read here. Such races surface as
            // several kinds of engine exception, not only OptimisticLockingException; any other kind is logged with
            // its trace, so that a fault of the model (a DMN table, a delegate) is not hidden behind the second try
            // and its 409
            if (!(conflict instanceof OptimisticLockingException)) {
                LOG.warn("Result for task {} of {} not entered in this try (a second try follows the first, a 409 the"
                        + " second)", taskId, user.login(), conflict);
            }
            throw new ConcurrentChangeException("the call changed at the same time (its hang-up); nothing was"
                    + " written: send the result again");
        } catch (RuntimeException e) {
            // a hang-up that commits in the middle of Camunda's command can fail it in other ways too (measured: a
            // NullPointerException on the task's execution, deleted meanwhile)
            if (lifecycle.resultTaskOf(user.login(), task.taskId()).isEmpty()) {
                throw endedMeanwhile(user, task, taskId);
            }
            throw e;
        }
        return calls.find(call.id()).orElseThrow();
    }

    /**
     * The task was read here and then ended by someone else, mostly the hang-up ending the talk's task. Camunda's failed
     * command has marked this transaction for rollback, so the task that replaced the talk's takes the result only in
     * a transaction of its own: the caller's second try, or the desktop's.
     */
    private RuntimeException endedMeanwhile(CurrentUser user, ResultTask task, String taskId) {
        if (lifecycle.resultTaskReplacing(user.login(), task.taskId()).isPresent()) {
            return new ConcurrentChangeException("the customer hung up at the same time; nothing was written: send the"
                    + " result again, it goes to the task after the call");
        }
        return new UnknownRecordException("open task of " + user.login() + " (it ended meanwhile)", taskId);
    }

    /** The call result details the agent may choose: by the call (its type and project), or by type and channel. */
    @GetMapping("/api/agent/call-result-details")
    List<CallResultDetail> callResultDetails(@RequestParam(required = false) UUID callId,
            @RequestParam(required = false) String callType, @RequestParam(required = false) String channel) {
        CallResultChannel wanted = channel == null || channel.isBlank() ? CallResultChannel.Outbound
                : CallResultChannel.parse("channel", channel);
        String type = callType == null || callType.isBlank() ? null : parseCallType(callType);
        UUID projectId = null;
        if (callId != null) {
            OutboundCall call = calls.find(callId).orElseThrow(() -> new UnknownRecordException("call", callId));
            type = call.callType().name();
            projectId = call.projectId();
            // a Visitor record's details are those of the Visitor channel, as enterResult checks them
            if (channel == null || channel.isBlank()) {
                wanted = channelOf(call);
            }
        }
        CallResultChannel filterChannel = wanted;
        String filterType = type;
        UUID filterProject = projectId;
        return details.findActive().stream()
                .filter(d -> d.isOfferedFor(filterChannel, filterType, filterProject))
                .toList();
    }

    private static String parseCallType(String value) {
        return Arrays.stream(CallType.values())
                .filter(t -> t.name().equalsIgnoreCase(value.strip()))
                .findFirst()
                .map(Enum::name)
                .orElseThrow(() -> new InvalidInputException("callType", "'" + value + "' is not a call type; use one of "
                        + Arrays.toString(CallType.values())));
    }

    private static CallResultChannel channelOf(OutboundCall call) {
        return call.callType() == CallType.Visitor ? CallResultChannel.Visitor : CallResultChannel.Outbound;
    }

    /** One open task of the agent with its call. */
    record AgentTask(String taskId, String taskDefinitionKey, String name, UUID callId, OutboundCall call) {
    }

    /** POST /api/agent/tasks/{taskId}/result body. */
    record ResultEntry(UUID callResultDetailId, @MultilineText String note, OffsetDateTime rescheduleAt) {
    }
}
