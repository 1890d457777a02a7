package io.outboundcalls.agent;

/** What an agent status means to distribution: only Ready agents are offered calls. */
public enum ActivityType {
    Ready, PostCall, Pause, Offline
}
