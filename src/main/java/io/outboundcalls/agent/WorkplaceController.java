package io.outboundcalls.agent;

import io.outboundcalls.domain.Inputs;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.domain.StateConflictException;
import io.outboundcalls.domain.UnknownRecordException;
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

/** Administration of workplaces (the agent's PBX extension); writes need camunda-admin (SecurityConfig). */
@RestController
@RequestMapping("/api/workplaces")
class WorkplaceController {

    private final WorkplaceRepository workplaces;

    WorkplaceController(WorkplaceRepository workplaces) {
        this.workplaces = workplaces;
    }

    @GetMapping
    List<Workplace> list() {
        return workplaces.findAll();
    }

    @GetMapping("/{id}")
    Workplace get(@PathVariable UUID id) {
        return find(id);
    }

    @PostMapping
    @Transactional
    ResponseEntity<Workplace> create(@RequestBody WorkplaceRequest request) {
        Workplace workplace = validated(UUID.randomUUID(), request);
        workplaces.insert(workplace);
        return ResponseEntity.created(URI.create("/api/workplaces/" + workplace.id())).body(workplace);
    }

    @PutMapping("/{id}")
    @Transactional
    Workplace update(@PathVariable UUID id, @RequestBody WorkplaceRequest request) {
        find(id);
        Workplace workplace = validated(id, request);
        workplaces.update(workplace);
        return workplace;
    }

    @DeleteMapping("/{id}")
    @Transactional
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        Workplace workplace = find(id);
        List<String> usages = workplaces.usages(id);
        if (!usages.isEmpty()) {
            throw new StateConflictException("workplace '" + workplace.name() + "' is still used by "
                    + String.join(", ", usages));
        }
        workplaces.delete(id);
        return ResponseEntity.noContent().build();
    }

    private Workplace find(UUID id) {
        return workplaces.find(id).orElseThrow(() -> new UnknownRecordException("workplace", id));
    }

    private Workplace validated(UUID id, WorkplaceRequest request) {
        String name = Inputs.requiredText("name", request.name(), 100);
        String extension = Inputs.requiredText("extension", request.extension(), 32);
        if (request.agentBlockedSeconds() != null && request.agentBlockedSeconds() < 0) {
            throw new InvalidInputException("agentBlockedSeconds", "must be empty or 0 (not blocked) or a number of seconds");
        }
        if (workplaces.extensionTaken(extension, id)) {
            throw new StateConflictException("extension: workplace extension '" + extension + "' is already taken");
        }
        return new Workplace(id, name, extension, request.agentBlockedSeconds());
    }

    /** POST and PUT /api/workplaces body. */
    record WorkplaceRequest(String name, String extension, Integer agentBlockedSeconds) {
    }
}
