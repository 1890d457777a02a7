package io.outboundcalls.pbx.asterisk;

import io.outboundcalls.pbx.PbxEvent;

/**
 * What a Hangup's cause (Q.850, as Asterisk reports it) means for the call, and so which general result of API.md
 * it ends in: a normal clearing ends a talk (HungUp: the agent enters the result), the customer's busy line is Busy,
 * a customer who does not answer is NoAnswer, a number or network that cannot be reached is Failed. The agent's leg
 * only ends a talk: whatever else befalls the agent's phone, the originate's response reports it.
 */
final class HangupCauses {

    static final int NOT_DEFINED = 0;
    static final int NORMAL_CLEARING = 16;
    static final int USER_BUSY = 17;
    static final int NO_USER_RESPONSE = 18;
    static final int NO_ANSWER = 19;
    static final int NORMAL_UNSPECIFIED = 31;

    private HangupCauses() {
    }

    /** The inbox's event for a hang-up with this cause on this leg; null when the hang-up alone says nothing. */
    static PbxEvent.Type meaning(Integer cause, boolean customerLeg) {
        int code = cause == null ? NORMAL_CLEARING : cause;
        if (code == NORMAL_CLEARING || code == NORMAL_UNSPECIFIED) {
            return PbxEvent.Type.HungUp;
        }
        if (!customerLeg) {
            return null;
        }
        return switch (code) {
            case USER_BUSY -> PbxEvent.Type.CustomerBusy;
            case NO_USER_RESPONSE, NO_ANSWER -> PbxEvent.Type.CustomerNoAnswer;
            // not defined: the agent left while the customer's phone rang; reconciliation finds the line gone
            case NOT_DEFINED -> null;
            default -> PbxEvent.Type.CallFailed;
        };
    }
}
