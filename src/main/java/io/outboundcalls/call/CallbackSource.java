package io.outboundcalls.call;

/** Where a callback comes from: a call lost in the queue (LostShift) or a request scheduled in the IVR. */
public enum CallbackSource {
    LostShift, Ivr
}
