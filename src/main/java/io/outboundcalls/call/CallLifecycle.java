package io.outboundcalls.call;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The one way into an outbound call's lifecycle (its process instance): one method per event the rest of the engine
 * reports. Implemented by the process package, which alone knows the model's messages and variables. Methods that
 * say "in the caller's transaction" move the instance together with the caller's row changes, or not at all.
 */
public interface CallLifecycle {

    /** Starts the call's lifecycle in the caller's transaction; returns the process instance id. */
    String start(OutboundCall call, OffsetDateTime lostShiftDeadline, String agentLogin);

    /** A Manual call was released to distribution (API, bulk action, SQL phase change); in the caller's transaction. */
    void enqueued(UUID callId);

    /**
     * The distribution cycle's offer reaches the call, in a transaction of its own, only while it is still the call's
     * open offer. False when it was not taken now (superseded, or a race): the offer log keeps it for redelivery.
     */
    boolean offered(UUID callId, UUID offerId, UUID agentId, String agentLogin);

    /**
     * The agent turned down the call offered to them (the offer log holds how); in the caller's transaction, which
     * must hold the call's row lock. A line already dialing is hung up after the commit.
     */
    void offerDeclined(OutboundCall call);

    /** A visit (Visitor record) ended; false when it had ended already. In a transaction of its own. */
    boolean visitEnded(UUID callId);

    /** A schedule post condition newly matches the waiting call; in the caller's transaction. */
    void postConditionsMet(UUID callId);

    /** The agent's open result tasks, oldest first. */
    List<ResultTask> resultTasksOf(String agentLogin);

    /** The agent's open result task with this id. */
    Optional<ResultTask> resultTaskOf(String agentLogin, String taskId);

    /**
     * The agent's open result task that took over from their ended task with this id: the after-call task that opened
     * when the customer hung up on the task of the talk. Empty when the task was completed, or is not the agent's, or
     * its call has moved on since (another task came between).
     */
    Optional<ResultTask> resultTaskReplacing(String agentLogin, String endedTaskId);

    /** Which of these agents have an open task now: one query for every desktop that waits for its next task. */
    Set<String> withResultTasks(Collection<String> agentLogins);

    /** The agent entered the call's result; in the caller's transaction. */
    void resultEntered(ResultTask task, EnteredResult result);

    /** A user task of a call's lifecycle that waits for the agent's result. */
    record ResultTask(String taskId, String taskDefinitionKey, String name, UUID callId) {
    }

    /** What the agent entered: the detail's general result and name, a note, the time they chose for the next try. */
    record EnteredResult(String generalResult, String detailName, UUID detailId, String note,
            OffsetDateTime rescheduleAt) {
    }
}
