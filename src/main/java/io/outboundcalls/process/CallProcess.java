package io.outboundcalls.process;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.outboundcalls.call.CallLifecycle;
import io.outboundcalls.call.CallPhase;
import io.outboundcalls.call.CallType;
import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.distribution.CallOfferRepository;
import io.outboundcalls.pbx.PbxDials;
import io.outboundcalls.pbx.PbxEvent;
import io.outboundcalls.system.AfterCommit;
import io.outboundcalls.system.OutboundProperties;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The call's lifecycle as the BPMN process {@code outboundCall}: one instance per call, business key the call id.
 * Every message reaches an instance here (or, for PBX events, through the inbox); each is correlated once, in a
 * transaction that first checks the call still waits for it, so a late or repeated delivery changes nothing.
 */
@Component
class CallProcess implements CallLifecycle {

    /** Where an instance starts, by the row's call type and phase. */
    enum StartPhase {
        Manual, Enqueue, Dial, AgentTalk
    }

    private static final Logger LOG = LoggerFactory.getLogger(CallProcess.class);
    /**
     * The call is the instance's business key, found through the instance's primary key: outbound_call has no index on
     * its process instance (one more index entry on every phase change), and a join on it scanned the table.
     */
    private static final String RESULT_TASKS = """
            select t.id_, t.task_def_key_, t.name_, e.business_key_ as call_id
            from act_ru_task t join act_ru_execution e on e.id_ = t.proc_inst_id_
            where t.assignee_ = :login and t.proc_def_id_ like :definitions""";
    /** Camunda's definition ids begin with the process's key. */
    private static final String CALL_DEFINITIONS = CallVariables.PROCESS_KEY + ":%";

    private final RuntimeService runtimeService;
    private final TaskService taskService;
    private final JdbcClient jdbc;
    private final OutboundCallRepository calls;
    private final CallOfferRepository offers;
    private final PbxDials dials;
    private final PbxEventRepository events;
    private final AwaitedMessages messages;
    private final PbxInboxSignal inbox;
    private final String node;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final Counter starts;

    CallProcess(RuntimeService runtimeService, TaskService taskService, JdbcClient jdbc, OutboundCallRepository calls,
            CallOfferRepository offers, PbxDials dials, PbxEventRepository events, AwaitedMessages messages,
            PbxInboxSignal inbox, PlatformTransactionManager transactionManager, OutboundProperties properties,
            Clock clock, MeterRegistry meters) {
        this.inbox = inbox;
        this.runtimeService = runtimeService;
        this.taskService = taskService;
        this.jdbc = jdbc;
        this.calls = calls;
        this.offers = offers;
        this.dials = dials;
        this.events = events;
        this.messages = messages;
        this.node = properties.nodeId();
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactionManager);
        this.starts = Counter.builder("outbound.process.starts")
                .description("Process instances started for calls").register(meters);
    }

    @Override
    public String start(OutboundCall call, OffsetDateTime lostShiftDeadline, String agentLogin) {
        Map<String, Object> variables = new HashMap<>();
        // Only what a later transaction reads is stored (a row per variable, written and deleted again): the call's id
        // is the business key; the start phase is read once, by the first gateway; the type and attempt are read from
        // the row by the result decision (CallResultInputs); absent values are not written at all.
        variables.put(CallVariables.START_PHASE, Variables.stringValue(startPhaseOf(call).name(), true));
        variables.put(CallVariables.LOST_SHIFT_CALLBACK, lostShiftDeadline != null);
        if (lostShiftDeadline != null) {
            variables.put(CallVariables.LOST_SHIFT_DEADLINE, Date.from(lostShiftDeadline.toInstant()));
        }
        if (call.agentId() != null) {
            variables.put(CallVariables.AGENT_ID, call.agentId().toString());
        }
        if (agentLogin != null) {
            // calls that are never offered (private, Visitor) learn their agent's login here, for the result task
            variables.put(CallVariables.AGENT_LOGIN, agentLogin);
        }
        ProcessInstance instance = runtimeService.startProcessInstanceByKey(
                CallVariables.PROCESS_KEY, call.id().toString(), variables);
        calls.attachProcessInstance(call.id(), instance.getId());
        starts.increment();
        return instance.getId();
    }

    /**
     * The start phase a row asks for: Visitor records start talking, private calls and an agent's own project calls
     * (written Dialing, from the bar web URL) are dialed at once.
     */
    static StartPhase startPhaseOf(OutboundCall call) {
        if (call.callType() == CallType.Visitor) {
            return StartPhase.AgentTalk;
        }
        if (call.callType() == CallType.Private || call.callPhase() == CallPhase.Dialing) {
            return StartPhase.Dial;
        }
        return call.callPhase() == CallPhase.Manual ? StartPhase.Manual : StartPhase.Enqueue;
    }

    @Override
    public void enqueued(UUID callId) {
        correlate(callId, CallMessages.CALL_ENQUEUED, Map.of());
    }

    @Override
    public boolean offered(UUID callId, UUID offerId, UUID agentId, String agentLogin) {
        try {
            return Boolean.TRUE.equals(transaction.execute(tx -> {
                Optional<OutboundCall> call = calls.lockForUpdate(callId)
                        .filter(c -> c.callPhase() == CallPhase.Offered
                                && CallPhase.Enqueue.name().equals(c.processPhase())
                                && agentId.equals(c.agentId()));
                if (call.isEmpty() || !offers.openOfferId(callId).filter(offerId::equals).isPresent()) {
                    return false;
                }
                Map<String, Object> agent = new HashMap<>();
                agent.put(CallVariables.AGENT_ID, agentId.toString());
                agent.put(CallVariables.AGENT_LOGIN, agentLogin);
                return messages.deliverIfAwaited(call.get().processInstanceId(), CallMessages.CALL_OFFERED, agent);
            }));
        } catch (RuntimeException e) {
            LOG.debug("Offer {} of call {} not taken now; it is delivered again", offerId, callId, e);
            return false;
        }
    }

    @Override
    public void offerDeclined(OutboundCall call) {
        if (call.callPhase() == CallPhase.Offered && CallPhase.Enqueue.name().equals(call.processPhase())) {
            // the process has not taken the offer yet: it takes it now, and its dial finds the offer ended and
            // withdraws the attempt, which returns the call to the queue with the agent's outcome
            Map<String, Object> agent = new HashMap<>();
            agent.put(CallVariables.AGENT_ID, call.agentId() == null ? null : call.agentId().toString());
            deliver(call.processInstanceId(), CallMessages.CALL_OFFERED, agent);
            return;
        }
        if (call.callPhase() != CallPhase.Dialing) {
            return;
        }
        String reference = PbxDials.reference(call.id(), call.attempt());
        events.store(new PbxEvent(reference, PbxEvent.Type.DialWithdrawn), OffsetDateTime.now(clock), node);
        dials.hangUpAfterCommit(call.id());
    }

    @Override
    public boolean visitEnded(UUID callId) {
        try {
            return Boolean.TRUE.equals(transaction.execute(tx -> {
                Optional<OutboundCall> call = calls.lockForUpdate(callId)
                        .filter(c -> c.callPhase() == CallPhase.AgentTalk && c.processInstanceId() != null);
                return call.isPresent() && messages.deliverIfAwaited(call.get().processInstanceId(),
                        CallMessages.CALL_HUNG_UP, Map.of());
            }));
        } catch (RuntimeException e) {
            LOG.debug("End of visit {} not taken", callId, e);
            return false;
        }
    }

    @Override
    public void postConditionsMet(UUID callId) {
        String instance = calls.find(callId).map(OutboundCall::processInstanceId).orElse(null);
        if (instance == null) {
            throw new MismatchingMessageCorrelationException(CallMessages.SCHEDULE_POST_CONDITIONS_MET,
                    "call " + callId + " has no process instance");
        }
        deliver(instance, CallMessages.SCHEDULE_POST_CONDITIONS_MET, Map.of());
    }

    /**
     * Read straight from the engine's task table with the call it belongs to: an agent desktop polls this, and the
     * engine's generic task query costs many times more (its dynamic SQL is rebuilt on every call).
     */
    @Override
    public List<ResultTask> resultTasksOf(String agentLogin) {
        return jdbc.sql(RESULT_TASKS + " order by t.create_time_, t.id_")
                .param("login", agentLogin).param("definitions", CALL_DEFINITIONS)
                .query(CallProcess::resultTask).list();
    }

    @Override
    public Optional<ResultTask> resultTaskOf(String agentLogin, String taskId) {
        return jdbc.sql(RESULT_TASKS + " and t.id_ = :task")
                .param("login", agentLogin).param("definitions", CALL_DEFINITIONS).param("task", taskId)
                .query(CallProcess::resultTask).optional();
    }

    @Override
    public Optional<ResultTask> resultTaskReplacing(String agentLogin, String endedTaskId) {
        // the history of the ended task gives its instance; the open task must be the next of that instance, so that
        // a result sent for a talk long over never lands on a later attempt of the same call
        return jdbc.sql(RESULT_TASKS + "\n" + """
                 and exists (select 1 from act_hi_taskinst h
                            where h.id_ = :task and h.proc_inst_id_ = t.proc_inst_id_ and h.assignee_ = t.assignee_
                              and h.end_time_ is not null and coalesce(h.delete_reason_, '') <> 'completed'
                              and h.start_time_ <= t.create_time_
                              and not exists (select 1 from act_hi_taskinst between_them
                                              where between_them.proc_inst_id_ = h.proc_inst_id_
                                                and between_them.start_time_ > h.start_time_
                                                and between_them.start_time_ < t.create_time_))""")
                .param("login", agentLogin).param("definitions", CALL_DEFINITIONS).param("task", endedTaskId)
                .query(CallProcess::resultTask).optional();
    }

    @Override
    public Set<String> withResultTasks(Collection<String> agentLogins) {
        if (agentLogins.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                select distinct t.assignee_ from act_ru_task t
                where t.assignee_ in (:logins) and t.proc_def_id_ like :definitions""")
                .param("logins", List.copyOf(agentLogins)).param("definitions", CALL_DEFINITIONS)
                .query(String.class).list());
    }

    private static ResultTask resultTask(ResultSet rs, int row) throws SQLException {
        return new ResultTask(rs.getString("id_"), rs.getString("task_def_key_"), rs.getString("name_"),
                UUID.fromString(rs.getString("call_id")));
    }

    @Override
    public void resultEntered(ResultTask task, EnteredResult result) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(CallVariables.GENERAL_RESULT, result.generalResult());
        variables.put(CallVariables.CALL_RESULT_DETAIL, result.detailName());
        variables.put(CallVariables.CALL_RESULT_DETAIL_ID, result.detailId().toString());
        // no note and no date are not stored (a result entered during the talk keeps its variables until the
        // hang-up): the result decision's start listener gives the missing ones as transient nulls
        if (result.note() != null) {
            variables.put(CallVariables.NOTE, result.note());
        }
        if (result.rescheduleAt() != null) {
            variables.put(CallVariables.RESCHEDULE_AT, Date.from(result.rescheduleAt().toInstant()));
        }
        taskService.complete(task.taskId(), variables);
        // a hang-up already in this node's queue is all that keeps the agent from the next call now
        calls.find(task.callId()).filter(call -> call.callPhase() == CallPhase.AgentTalk)
                .map(call -> PbxDials.reference(call.id(), call.attempt()))
                .ifPresent(reference -> AfterCommit.run(() -> inbox.expedite(reference)));
    }

    private void correlate(UUID callId, String message, Map<String, Object> variables) {
        runtimeService.createMessageCorrelation(message)
                .processInstanceBusinessKey(callId.toString())
                .setVariables(variables)
                .correlateWithResult();
    }

    /** Delivers the message, or fails as a correlation that finds no wait for it does. */
    private void deliver(String processInstanceId, String message, Map<String, Object> variables) {
        if (!messages.deliverIfAwaited(processInstanceId, message, variables)) {
            throw new MismatchingMessageCorrelationException(message,
                    "process instance " + processInstanceId + " does not wait for it");
        }
    }
}
