package io.outboundcalls.agent;

import io.outboundcalls.domain.Inputs;
import io.outboundcalls.domain.StateConflictException;
import io.outboundcalls.domain.UnknownRecordException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The agent statuses: agents read them to choose one, administrators (SecurityConfig) write them. */
@RestController
@RequestMapping("/api/agent-statuses")
class AgentStatusController {

    private final AgentStatusRepository statuses;
    private final ProjectsOfAgents projects;

    AgentStatusController(AgentStatusRepository statuses, ProjectsOfAgents projects) {
        this.statuses = statuses;
        this.projects = projects;
    }

    @GetMapping
    List<AgentStatus> list() {
        return statuses.findAll();
    }

    @GetMapping("/{id}")
    AgentStatus get(@PathVariable UUID id) {
        return find(id);
    }

    @PostMapping
    @Transactional
    ResponseEntity<AgentStatus> create(@RequestBody AgentStatusRequest request) {
        AgentStatus status = validated(UUID.randomUUID(), request);
        statuses.insert(status);
        return ResponseEntity.created(URI.create("/api/agent-statuses/" + status.id())).body(status);
    }

    @PutMapping("/{id}")
    @Transactional
    AgentStatus update(@PathVariable UUID id, @RequestBody AgentStatusRequest request) {
        find(id);
        AgentStatus status = validated(id, request);
        if (status.activityType() != ActivityType.PostCall) {
            // the seed: a project's automatic PCP status must have the activity type PostCall
            List<String> pcpOf = projects.namesWithPcpStatus(id);
            if (!pcpOf.isEmpty()) {
                throw new StateConflictException("activityType: the status is the automatic PCP status of projects "
                        + pcpOf + ", so it must stay PostCall");
            }
        }
        statuses.update(status);
        return status;
    }

    @DeleteMapping("/{id}")
    @Transactional
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        AgentStatus status = find(id);
        List<String> usages = new ArrayList<>();
        if (statuses.usedByAgents(id)) {
            usages.add("agents");
        }
        List<String> pcpOf = projects.namesWithPcpStatus(id);
        if (!pcpOf.isEmpty()) {
            usages.add("projects " + pcpOf + " as their automatic PCP status");
        }
        if (!usages.isEmpty()) {
            throw new StateConflictException("agent status '" + status.name() + "' is in use by "
                    + String.join(" and ", usages));
        }
        statuses.delete(id);
        return ResponseEntity.noContent().build();
    }

    private AgentStatus find(UUID id) {
        return statuses.find(id).orElseThrow(() -> new UnknownRecordException("agent status", id));
    }

    private AgentStatus validated(UUID id, AgentStatusRequest request) {
        String name = Inputs.requiredText("name", request.name(), 100);
        ActivityType activityType = Inputs.oneOf("activityType", request.activityType(), ActivityType.class);
        if (statuses.nameTaken(name, id)) {
            throw new StateConflictException("name: an agent status named '" + name + "' already exists");
        }
        return new AgentStatus(id, name, activityType, Boolean.TRUE.equals(request.allowsPredistributed()));
    }

    /** POST and PUT /api/agent-statuses body. */
    record AgentStatusRequest(String name, String activityType, Boolean allowsPredistributed) {
    }
}
