package io.outboundcalls.process;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The messages a call's process instance waits for, and their delivery straight to the execution that waits. Camunda's
 * correlation first searches the instance's executions and subscriptions by generic queries and checks them against
 * correlation conditions; the caller here already knows the instance, and reading its executions and subscriptions by
 * their indexes cost less than that search (5 % of the engine's CPU per call under load, measured with JFR). A wait is
 * either an event subscription (a receive task or boundary event with a message) or a receive task without a message
 * that names the message it awaits ({@link SignalledWaits}); callers see no difference.
 */
@Component
class AwaitedMessages {

    /**
     * Where a message is awaited: an execution, the task it is signalled in (null: it subscribed), the execution's
     * revision when it was found there, which tells this pass of the task from a later one, and whether that task is a
     * user task, which stays open when the message comes.
     */
    record Wait(String executionId, String signalledIn, int revision, boolean staysOpen) {

        Wait(String executionId, String signalledIn, int revision) {
            this(executionId, signalledIn, revision, false);
        }
    }

    private final JdbcClient jdbc;
    private final RuntimeService runtimeService;
    private final SignalledWaits signalledWaits;
    private final CommandExecutor commands;
    private final CallPhaseMirror phases;

    AwaitedMessages(JdbcClient jdbc, ProcessEngine engine, CallPhaseMirror phases) {
        this.jdbc = jdbc;
        this.phases = phases;
        this.runtimeService = engine.getRuntimeService();
        this.signalledWaits = new SignalledWaits(engine.getRepositoryService());
        this.commands = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getCommandExecutorTxRequired();
    }

    /** Message name → where it is awaited; a wait for DialOutcome awaits each of the dial outcomes. */
    Map<String, Wait> of(String processInstanceId) {
        Map<String, Wait> awaited = new HashMap<>();
        jdbc.sql("""
                select e.id_, e.act_id_, e.proc_def_id_, e.is_active_, s.event_name_, e.rev_
                from act_ru_execution e
                left join act_ru_event_subscr s on s.execution_id_ = e.id_ and s.event_type_ = 'message'
                where e.proc_inst_id_ = :instance
                """)
                .param("instance", processInstanceId)
                .query(rs -> {
                    String execution = rs.getString(1);
                    String subscribed = rs.getString(5);
                    if (subscribed != null) {
                        await(awaited, subscribed, new Wait(execution, null, rs.getInt(6)));
                        return;
                    }
                    String activity = rs.getString(2);
                    if (activity != null && rs.getBoolean(4)) {
                        Wait wait = new Wait(execution, activity, rs.getInt(6),
                                signalledWaits.staysOpen(rs.getString(3), activity));
                        signalledWaits.of(rs.getString(3)).getOrDefault(activity, List.of())
                                .forEach(signalled -> await(awaited, signalled, wait));
                    }
                });
        return awaited;
    }

    private static void await(Map<String, Wait> awaited, String message, Wait wait) {
        if (CallMessages.DIAL_OUTCOME.equals(message)) {
            CallMessages.DIAL_OUTCOMES.forEach(outcome -> awaited.put(outcome, wait));
        } else {
            awaited.put(message, wait);
        }
    }

    /**
     * Delivers the message to the execution that waits for it, as a correlation would; false when the instance does
     * not wait for it, or took it already (nothing moved).
     */
    boolean deliverIfAwaited(String processInstanceId, String message, Map<String, Object> variables) {
        Wait wait = of(processInstanceId).get(message);
        return wait != null && deliverTo(wait, message, variables);
    }

    /**
     * Delivers the message to this wait, a dial outcome as DialOutcome that names it; throws a ProcessEngineException
     * when the wait has passed in the meantime (MismatchingMessageCorrelationException for a signalled wait). A
     * signalled wait learns the message's name from the transient variable receivedMessage, as a wait for several
     * messages (Wait for an agent) has no boundary event to tell them apart. False when a user task that stays open
     * had taken this message already (a second hang-up of its talk): nothing changed.
     */
    boolean deliverTo(Wait wait, String message, Map<String, Object> variables) {
        boolean dialOutcome = CallMessages.DIAL_OUTCOMES.contains(message);
        Map<String, Object> delivered = dialOutcome ? dialOutcome(message, variables) : variables;
        String name = dialOutcome ? CallMessages.DIAL_OUTCOME : message;
        if (wait.signalledIn() == null) {
            runtimeService.messageEventReceived(name, wait.executionId(), delivered);
        } else if (wait.staysOpen()) {
            return commands.execute(new EndTalkInResultTaskCmd(wait.executionId(), wait.signalledIn(),
                    wait.revision(), message, phases));
        } else {
            Map<String, Object> named = new HashMap<>(delivered);
            named.put(CallVariables.RECEIVED_MESSAGE, Variables.stringValue(name, true));
            commands.execute(new SignalWaitCmd(wait.executionId(), wait.signalledIn(), wait.revision(), name, named));
        }
        return true;
    }

    /** The variables of a dial outcome's message, with the outcome itself, which only the next gateway reads. */
    static Map<String, Object> dialOutcome(String outcome, Map<String, Object> variables) {
        Map<String, Object> withOutcome = new HashMap<>(variables);
        withOutcome.put(CallVariables.DIAL_OUTCOME, Variables.stringValue(outcome, true));
        return withOutcome;
    }
}
