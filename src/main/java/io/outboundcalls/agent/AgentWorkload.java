package io.outboundcalls.agent;

import java.util.UUID;

/**
 * The agent's interactions for the unified queue: activeInteractions as the other channels reported them,
 * engineInteractions the engine's own (the call or Visitor record on the agent's line, 0 or 1), and
 * totalInteractions, what the rule compares with capacity.
 */
public record AgentWorkload(UUID agentId, int activeInteractions, int engineInteractions, int totalInteractions,
        int capacity, boolean atCapacity) {

    public static AgentWorkload of(UUID agentId, int otherChannels, boolean engineCall, int capacity) {
        int engine = engineCall ? 1 : 0;
        int total = otherChannels + engine;
        return new AgentWorkload(agentId, otherChannels, engine, total, capacity, total >= capacity);
    }
}
