package io.outboundcalls.call;

/** Where an outbound call is in its life; mirrored from the process instance into outbound_call.call_phase. */
public enum CallPhase {
    Manual, Enqueue, Offered, Dialing, AgentTalk, Result, PostCall, Finished
}
