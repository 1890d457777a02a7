package io.outboundcalls.process;

/** Names of the process variables of an outbound call instance, shared by the model, delegates and tests. */
public final class CallVariables {

    public static final String PROCESS_KEY = "outboundCall";
    public static final String RESULT_DECISION_KEY = "callResultMapping";

    /** The outbound_call id; also the business key. */
    public static final String CALL_ID = "callId";
    /** Where the instance starts: Manual, Enqueue, Dial (private calls) or AgentTalk (Visitor). */
    public static final String START_PHASE = "startPhase";
    public static final String CALL_TYPE = "callType";
    /** True for lost-call callbacks, which wait for an agent only within LostShiftWindow. */
    public static final String LOST_SHIFT_CALLBACK = "lostShiftCallback";
    /** java.util.Date at which a lost-call callback becomes Neglected. */
    public static final String LOST_SHIFT_DEADLINE = "lostShiftDeadline";

    public static final String AGENT_ID = "agentId";
    public static final String AGENT_LOGIN = "agentLogin";
    /** Why an offer came back (message OfferDeclined): Rejected, NoAnswer or AgentPaused. */
    public static final String OFFER_OUTCOME = "offerOutcome";
    /** Set by returnCallToQueue: the project's max offer attempts are used up, so the call is Neglected. */
    public static final String OFFERS_EXHAUSTED = "offersExhausted";
    /** Set by applySchedulePostConditions: a rule terminated the call (it becomes Neglected). */
    public static final String TERMINATE = "terminate";
    /** Dial attempt number, 1 for the first dial. */
    public static final String ATTEMPT = "attempt";

    /** None, Unlimited or WithinDeadline: whether and how long the agent may enter a result. */
    public static final String RESULT_ENTRY = "resultEntry";
    /** ISO-8601 duration of the result wait, the shorter of the project's result wait and post-call pause. */
    public static final String RESULT_DEADLINE = "resultDeadline";
    /** Off, Unlimited or Timed: the project's post-call pause setting at the hang-up. */
    public static final String POST_CALL_PAUSE = "postCallPause";
    /** ISO-8601 duration of a Timed post-call pause. */
    public static final String POST_CALL_PAUSE_DURATION = "postCallPauseDuration";

    /** Inputs of callResultMapping, set by the agent's result or by the PBX outcome. */
    public static final String GENERAL_RESULT = "generalResult";
    public static final String CALL_RESULT_DETAIL = "callResultDetail";
    public static final String CALL_RESULT_DETAIL_ID = "callResultDetailId";
    public static final String NOTE = "note";
    /** java.util.Date the agent chose for the next attempt ("call another time"); wins over the table. */
    public static final String RESCHEDULE_AT = "rescheduleAt";

    /** The decision's single result: callResult, finish, rescheduleAfter. */
    public static final String CALL_RESULT_MAPPING = "callResultMapping";
    /** Set by recordCallResult: end the call (true) or put it back in the queue (false). */
    public static final String FINISH = "finish";

    private CallVariables() {
    }
}
