package io.outboundcalls.call;

/** Where a callback comes from: a call lost in the queue (LostShift) or a request scheduled in the IVR. */
public enum CallbackSource {
    LostShift, Ivr;

    /** The origin recorded on a callback of this source. */
    static CallOrigin originOf(CallbackSource source) {
        return source == LostShift ? CallOrigin.LostShift : CallOrigin.Ivr;
    }
}
