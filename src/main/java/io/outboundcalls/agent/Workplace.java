package io.outboundcalls.agent;

import java.util.UUID;

/** An agent's seat with its PBX extension; agentBlockedSeconds (null or 0 = off) holds offers back after a refusal. */
public record Workplace(UUID id, String name, String extension, Integer agentBlockedSeconds) {
}
