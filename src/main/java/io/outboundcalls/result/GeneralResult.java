package io.outboundcalls.result;

/** The generic outcomes every call result detail maps to; "Rescheduled" is the seed's "call another time". */
public enum GeneralResult {
    Success, Failed, Busy, NoAnswer, Rescheduled
}
