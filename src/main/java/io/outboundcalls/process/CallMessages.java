package io.outboundcalls.process;

import java.util.Set;

/** Names of the BPMN messages that move an outbound call's process instance on. */
final class CallMessages {

    /** A Manual call was released to distribution (API, bulk action or an SQL phase change). */
    static final String CALL_ENQUEUED = "CallEnqueued";
    /** The distribution cycle offered the call to an agent. */
    static final String CALL_OFFERED = "CallOffered";
    /**
     * How a dial came out, one of {@link #DIAL_OUTCOMES}: the instance waits for this one message after the dial, and
     * the outcome travels in its transient variable {@link CallVariables#DIAL_OUTCOME} (see {@link AwaitedMessages}).
     */
    static final String DIAL_OUTCOME = "DialOutcome";
    /** Dial outcome: the agent refused the offer or their extension did not answer: back to the queue. */
    static final String OFFER_DECLINED = "OfferDeclined";
    /** Dial outcome: the customer picked up. */
    static final String CUSTOMER_ANSWERED = "CustomerAnswered";
    /** Dial outcome: the PBX gave up before the customer answered (busy, no answer, failure). */
    static final String CALL_FAILED = "CallFailed";
    static final Set<String> DIAL_OUTCOMES = Set.of(OFFER_DECLINED, CUSTOMER_ANSWERED, CALL_FAILED);
    /** A schedule post condition newly matches the waiting call: evaluate and apply them. */
    static final String SCHEDULE_POST_CONDITIONS_MET = "SchedulePostConditionsMet";
    /** The talk ended. */
    static final String CALL_HUNG_UP = "CallHungUp";

    private CallMessages() {
    }
}
