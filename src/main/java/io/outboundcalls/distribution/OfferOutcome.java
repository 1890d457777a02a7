package io.outboundcalls.distribution;

/** How an offer of a call to an agent ended. */
public enum OfferOutcome {
    /** The agent took the call: the customer was dialed. */
    Taken,
    /** The agent refused it (POST /api/agent/offer/reject). */
    Rejected,
    /** The agent's extension did not answer. */
    NoAnswer,
    /** The agent left the Ready status while the call was offered. */
    AgentPaused,
    /** The call stopped being distributed (Neglected) while offered. */
    Cancelled;

    /** The outcomes that send the call back to the queue and block the agent for a while. */
    public boolean isDecline() {
        return this == Rejected || this == NoAnswer || this == AgentPaused;
    }
}
