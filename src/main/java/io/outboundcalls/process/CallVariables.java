package io.outboundcalls.process;

import java.util.List;

/** Names of the process variables of an outbound call instance, shared by the model, delegates and tests. */
final class CallVariables {

    static final String PROCESS_KEY = "outboundCall";
    static final String RESULT_DECISION_KEY = "callResultMapping";

    /** Where the instance starts: Manual, Enqueue, Dial (private calls) or AgentTalk (Visitor). */
    static final String START_PHASE = "startPhase";
    static final String CALL_TYPE = "callType";
    /** True for lost-call callbacks, which wait for an agent only within LostShiftWindow. */
    static final String LOST_SHIFT_CALLBACK = "lostShiftCallback";
    /** java.util.Date at which a lost-call callback becomes Neglected. */
    static final String LOST_SHIFT_DEADLINE = "lostShiftDeadline";

    /**
     * Transient, set when the engine signals a receive task without a message: the name of the message delivered,
     * which the gateway after a wait for several messages reads.
     */
    static final String RECEIVED_MESSAGE = "receivedMessage";

    static final String AGENT_ID = "agentId";
    static final String AGENT_LOGIN = "agentLogin";
    /** Transient, with the message DialOutcome: CustomerAnswered, OfferDeclined or CallFailed. */
    static final String DIAL_OUTCOME = "dialOutcome";
    /** Why an offer came back (dial outcome OfferDeclined): Rejected, NoAnswer or AgentPaused. */
    static final String OFFER_OUTCOME = "offerOutcome";
    /** Set by returnCallToQueue: the project's max offer attempts are used up, so the call is Neglected. */
    static final String OFFERS_EXHAUSTED = "offersExhausted";
    /** Set by applySchedulePostConditions: a rule terminated the call (it becomes Neglected). */
    static final String TERMINATE = "terminate";
    /** Dial attempt number, 1 for the first dial. */
    static final String ATTEMPT = "attempt";

    /** None, Unlimited or WithinDeadline: whether and how long the agent may enter a result. */
    static final String RESULT_ENTRY = "resultEntry";
    /** Transient, set at the answer: the project's result bar opens during the call (the result task exists). */
    static final String RESULT_BAR_DURING_THE_CALL = "resultBarDuringTheCall";
    /**
     * Transient, set at the answer: the project has a post-call pause or a result wait, which start at the hang-up, so
     * the hang-up has to move the token out of the talk's result task.
     */
    static final String AFTER_CALL_WORK_FROM_THE_HANG_UP = "afterCallWorkFromTheHangUp";
    /** ISO-8601 duration of the result wait, the shorter of the project's result wait and post-call pause. */
    static final String RESULT_DEADLINE = "resultDeadline";
    /** Off, Unlimited or Timed: the project's post-call pause setting at the hang-up. */
    static final String POST_CALL_PAUSE = "postCallPause";
    /** ISO-8601 duration of a Timed post-call pause. */
    static final String POST_CALL_PAUSE_DURATION = "postCallPauseDuration";

    /** Inputs of callResultMapping, set by the agent's result or by the PBX outcome. */
    static final String GENERAL_RESULT = "generalResult";
    static final String CALL_RESULT_DETAIL = "callResultDetail";
    static final String CALL_RESULT_DETAIL_ID = "callResultDetailId";
    static final String NOTE = "note";
    /** java.util.Date the agent chose for the next attempt ("call another time"); wins over the table. */
    static final String RESCHEDULE_AT = "rescheduleAt";
    /** The outcome of an attempt: written by the result or the PBX, emptied before the next attempt. */
    static final List<String> OUTCOME = List.of(GENERAL_RESULT, CALL_RESULT_DETAIL, CALL_RESULT_DETAIL_ID, NOTE,
            RESCHEDULE_AT);

    /** Inputs of callResultMapping: the names of the call's project and outbound list (CallResultInputs). */
    static final String PROJECT = "project";
    static final String OUTBOUND_LIST = "outboundList";

    /** The decision's single result: callResult, finish, rescheduleAfter. */
    static final String CALL_RESULT_MAPPING = "callResultMapping";
    /** Set by recordCallResult: end the call (true) or put it back in the queue (false). */
    static final String FINISH = "finish";

    private CallVariables() {
    }
}
