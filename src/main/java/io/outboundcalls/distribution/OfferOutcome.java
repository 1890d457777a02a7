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
    Cancelled,
    /**
     * The line vanished before anyone answered (the PBX lost it, a node died, the ring timeout passed): not the
     * agent's refusal nor the customer's outcome, so the call goes back to the queue as if never offered.
     */
    Lost;

    /** The outcomes that send the call back to the queue and block the agent for a while. */
    public boolean isDecline() {
        return this == Rejected || this == NoAnswer || this == AgentPaused;
    }
}
