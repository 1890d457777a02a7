package io.outboundcalls.campaign;

/** State of an outbound list; only Running lists have their calls distributed. */
public enum OutboundListState {
    Created, Running, Paused, Stopped
}
