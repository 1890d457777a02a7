package io.outboundcalls.pbx;

/** Something the PBX reports about a call it originated. */
public record PbxEvent(String callReference, Type type) {

    /** The events the engine acts on. */
    public enum Type {
        /** The agent's extension did not pick up: the offer was not taken up. */
        AgentNoAnswer,
        CustomerAnswered,
        CustomerBusy,
        CustomerNoAnswer,
        /** The network could not reach the customer. */
        CallFailed,
        HungUp,
        /** The PBX refused to originate the call (a business outcome: the call failed). */
        OriginateRejected,
        /**
         * The call's line is gone without the PBX saying how: the engine found the reference dead, could not reach
         * the PBX to originate, or ended a line past its deadline. Before an answer it is a lost attempt, after one a
         * hang-up.
         */
        LineLost,
        /**
         * The engine withdrew the attempt: the agent declined the offer before or while it rang, so the line was
         * never dialed or is being hung up. The call goes back to the queue with the offer's outcome.
         */
        DialWithdrawn
    }
}
