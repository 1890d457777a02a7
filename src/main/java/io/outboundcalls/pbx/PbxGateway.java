package io.outboundcalls.pbx;

import java.util.Set;

/**
 * The port to the telephone exchange. {@link #originate} rings the agent's extension and then the customer; what
 * happens next comes back as {@link PbxEvent}s to the {@link PbxEventListener}.
 */
public interface PbxGateway {

    /**
     * Starts the call. Returns once the PBX accepted the request.
     *
     * @throws OriginateRejectedException when the PBX refuses this call (a business outcome: the call failed)
     * @throws PbxUnavailableException when the PBX cannot be reached (technical: the engine retries)
     */
    void originate(OriginateRequest request);

    /**
     * Ends the call with this reference, whatever state it is in: an unanswered call is dropped without further
     * events, a connected call reports {@link PbxEvent.Type#HungUp}. Unknown references are ignored.
     */
    void hangUp(String callReference);

    /**
     * The references of the calls this adapter knows to be in progress (ringing or connected), for reconciliation:
     * a reference the engine dialed that is not among them has ended, whatever events were lost.
     *
     * @throws PbxUnavailableException when the PBX cannot be asked; the engine then reconciles nothing
     */
    Set<String> liveReferences();
}
