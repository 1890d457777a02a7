package io.outboundcalls.pbx;

/**
 * What the PBX needs to place a call; callReference (the call id and attempt, {@code callId:attempt}) comes back on
 * every event.
 */
public record OriginateRequest(String agentExtension, String number, String callerId, String callReference) {
}
