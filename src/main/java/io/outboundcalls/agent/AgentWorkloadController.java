package io.outboundcalls.agent;

import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.domain.UnknownRecordException;
import io.outboundcalls.web.Authorities;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The agent's workload for the unified queue: the engine counts its own interaction (the call or Visitor record the
 * agent's line holds), other channels (chat, e-mail, ...) report theirs here. With UnifiedQueue on, an agent whose
 * interactions reach the capacity is offered no call.
 */
@RestController
class AgentWorkloadController {

    /** More than any person handles at once; a larger number is a client's mistake, not a workload. */
    static final int MAX_INTERACTIONS = 1000;

    private final AgentRepository agents;
    private final Clock clock;

    AgentWorkloadController(AgentRepository agents, Clock clock) {
        this.agents = agents;
        this.clock = clock;
    }

    @GetMapping("/api/agents/{id}/workload")
    AgentWorkload get(@PathVariable UUID id) {
        return find(id);
    }

    /** Replaces what the other channels report; the engine's own interaction is added to it, never written here. */
    @PreAuthorize(Authorities.SUPERVISES)
    @PutMapping("/api/agents/{id}/workload")
    AgentWorkload report(@PathVariable UUID id, @RequestBody(required = false) WorkloadReport report) {
        if (report == null) {
            throw new InvalidInputException("body", "activeInteractions and capacity are required");
        }
        int active = count("activeInteractions", report.activeInteractions(), 0);
        int capacity = count("capacity", report.capacity(), 1);
        find(id);
        agents.reportWorkload(id, active, capacity, OffsetDateTime.now(clock));
        return find(id);
    }

    private static int count(String field, Integer value, int min) {
        if (value == null) {
            throw new InvalidInputException(field, "is required");
        }
        if (value < min || value > MAX_INTERACTIONS) {
            throw new InvalidInputException(field, "must be from " + min + " to " + MAX_INTERACTIONS);
        }
        return value;
    }

    private AgentWorkload find(UUID id) {
        return agents.findWorkload(id).orElseThrow(() -> new UnknownRecordException("agent", id));
    }

    /** PUT body: the interactions the agent handles in the other channels now, and how many they may handle. */
    record WorkloadReport(Integer activeInteractions, Integer capacity) {
    }
}
