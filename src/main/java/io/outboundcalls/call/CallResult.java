package io.outboundcalls.call;

/** The status of an outbound call (outbound_call.call_result). Only Scheduled calls are distributed. */
public enum CallResult {
    Scheduled, Prepared, Success, Failed, Busy, NoAnswer, Rescheduled, NoResult, Neglected, Cancelled
}
