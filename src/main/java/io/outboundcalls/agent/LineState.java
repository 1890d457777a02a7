package io.outboundcalls.agent;

/** Whether the agent's line can take a call. */
public enum LineState {
    Free, Busy
}
