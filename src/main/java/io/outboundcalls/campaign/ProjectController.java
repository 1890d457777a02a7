package io.outboundcalls.campaign;

import io.outboundcalls.agent.ActivityType;
import io.outboundcalls.agent.AgentStatus;
import io.outboundcalls.agent.AgentStatusRepository;
import io.outboundcalls.domain.Inputs;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.domain.StateConflictException;
import io.outboundcalls.domain.UnknownRecordException;
import io.outboundcalls.phone.PhoneNumberNormalizer;
import java.net.URI;
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

/** Administration of projects and their outbound settings; writes need camunda-admin (SecurityConfig). */
@RestController
@RequestMapping("/api/projects")
class ProjectController {

    private final ProjectRepository projects;
    private final AgentStatusRepository statuses;
    private final PhoneNumberNormalizer normalizer;

    ProjectController(ProjectRepository projects, AgentStatusRepository statuses, PhoneNumberNormalizer normalizer) {
        this.projects = projects;
        this.statuses = statuses;
        this.normalizer = normalizer;
    }

    @GetMapping
    List<Project> list() {
        return projects.findAll();
    }

    @GetMapping("/{id}")
    Project get(@PathVariable UUID id) {
        return find(id);
    }

    @PostMapping
    @Transactional
    ResponseEntity<Project> create(@RequestBody ProjectRequest request) {
        Project project = validated(UUID.randomUUID(), request);
        projects.insert(project);
        return ResponseEntity.created(URI.create("/api/projects/" + project.id())).body(project);
    }

    /** Replaces the project's settings; absent fields take the defaults of a new project. */
    @PutMapping("/{id}")
    @Transactional
    Project update(@PathVariable UUID id, @RequestBody ProjectRequest request) {
        find(id);
        Project project = validated(id, request);
        projects.update(project);
        return project;
    }

    @DeleteMapping("/{id}")
    @Transactional
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        Project project = find(id);
        List<String> usages = projects.usages(id);
        if (!usages.isEmpty()) {
            throw new StateConflictException("project '" + project.name() + "' still has " + String.join(", ", usages)
                    + "; delete them or move them to another project first");
        }
        projects.delete(id);
        return ResponseEntity.noContent().build();
    }

    private Project find(UUID id) {
        return projects.find(id).orElseThrow(() -> new UnknownRecordException("project", id));
    }

    private Project validated(UUID id, ProjectRequest request) {
        String name = Inputs.requiredText("name", request.name(), 200);
        String callerId = request.callerId() == null || request.callerId().isBlank() ? null
                : normalizer.normalize("callerId", request.callerId());
        if (request.postCallPauseSeconds() != null && request.postCallPauseSeconds() < 0) {
            throw new InvalidInputException("postCallPauseSeconds",
                    "must be empty (no post-call pause), 0 (unlimited) or a number of seconds");
        }
        if (request.postCallPauseSeconds() != null && request.automaticPcpStatusId() == null) {
            // the pause is the automatic PCP status: without one there is nothing to switch the agent to
            throw new InvalidInputException("automaticPcpStatusId", "is required with a post-call pause ("
                    + "postCallPauseSeconds " + request.postCallPauseSeconds() + "); leave postCallPauseSeconds empty"
                    + " to turn the pause off");
        }
        if (request.resultWaitSeconds() != null && request.resultWaitSeconds() <= 0) {
            throw new InvalidInputException("resultWaitSeconds", "must be empty (no limit) or more than 0 seconds");
        }
        int maxOfferAttempts = request.maxOfferAttempts() == null ? 3 : request.maxOfferAttempts();
        if (maxOfferAttempts <= 0) {
            throw new InvalidInputException("maxOfferAttempts", "must be more than 0");
        }
        requirePostCallStatus(request.automaticPcpStatusId());
        if (projects.nameTaken(name, id)) {
            throw new StateConflictException("name: a project named '" + name + "' already exists");
        }
        return new Project(id, name, callerId, Boolean.TRUE.equals(request.manualScheduling()),
                request.postCallPauseSeconds(), request.automaticPcpStatusId(),
                request.showResultBar() == null || request.showResultBar(), request.resultWaitSeconds(),
                maxOfferAttempts, request.defaultPriority() == null ? 0 : request.defaultPriority());
    }

    /** The seed: "The PCP status must have the status activity type set to PostCall". */
    private void requirePostCallStatus(UUID statusId) {
        if (statusId == null) {
            return;
        }
        AgentStatus status = statuses.find(statusId).orElseThrow(() ->
                new InvalidInputException("automaticPcpStatusId", "no agent status with id " + statusId));
        if (status.activityType() != ActivityType.PostCall) {
            throw new InvalidInputException("automaticPcpStatusId", "status '" + status.name() + "' has the activity type "
                    + status.activityType() + "; the automatic PCP status must have the activity type PostCall");
        }
    }

    /** POST and PUT /api/projects body. */
    record ProjectRequest(String name, String callerId, Boolean manualScheduling, Integer postCallPauseSeconds,
            UUID automaticPcpStatusId, Boolean showResultBar, Integer resultWaitSeconds, Integer maxOfferAttempts,
            Integer defaultPriority) {
    }
}
