package io.outboundcalls.campaign;

import io.outboundcalls.agent.LanguageRepository;
import io.outboundcalls.domain.Inputs;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.domain.StateConflictException;
import io.outboundcalls.domain.UnknownRecordException;
import java.net.URI;
import java.time.LocalTime;
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

/** Outbound lists (campaigns): agents and scripts read them, administrators (SecurityConfig) write them. */
@RestController
@RequestMapping("/api/outbound-lists")
class OutboundListController {

    private final OutboundListRepository lists;
    private final ProjectRepository projects;
    private final LanguageRepository languages;

    OutboundListController(OutboundListRepository lists, ProjectRepository projects, LanguageRepository languages) {
        this.lists = lists;
        this.projects = projects;
        this.languages = languages;
    }

    @GetMapping
    List<OutboundList> list() {
        return lists.findAll();
    }

    @GetMapping("/{id}")
    OutboundList get(@PathVariable UUID id) {
        return find(id);
    }

    @PostMapping
    @Transactional
    ResponseEntity<OutboundList> create(@RequestBody OutboundListRequest request) {
        OutboundList list = validated(UUID.randomUUID(), request);
        lists.insert(list);
        return ResponseEntity.created(URI.create("/api/outbound-lists/" + list.id())).body(list);
    }

    /** Replaces the list's settings; absent fields take the defaults of a new list. */
    @PutMapping("/{id}")
    @Transactional
    OutboundList update(@PathVariable UUID id, @RequestBody OutboundListRequest request) {
        OutboundList current = find(id);
        OutboundList list = validated(id, request);
        // the calls carry the project of their list; moving the list would leave them in the old project
        if (!list.projectId().equals(current.projectId()) && lists.hasCalls(id)) {
            throw new StateConflictException("projectId: outbound list '" + current.name()
                    + "' has calls, so it cannot move to another project");
        }
        lists.update(list);
        return list;
    }

    @PutMapping("/{id}/state")
    @Transactional
    OutboundList changeState(@PathVariable UUID id, @RequestBody ListStateChange change) {
        find(id);
        lists.changeState(id, Inputs.oneOf("state", change.state(), OutboundListState.class));
        return find(id);
    }

    @DeleteMapping("/{id}")
    @Transactional
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        OutboundList list = find(id);
        if (lists.hasCalls(id)) {
            throw new StateConflictException("outbound list '" + list.name()
                    + "' has calls; stop it instead (PUT /api/outbound-lists/" + id + "/state)");
        }
        lists.delete(id);
        return ResponseEntity.noContent().build();
    }

    private OutboundList find(UUID id) {
        return lists.find(id).orElseThrow(() -> new UnknownRecordException("outbound list", id));
    }

    private OutboundList validated(UUID id, OutboundListRequest request) {
        String name = Inputs.requiredText("name", request.name(), 200);
        if (request.projectId() == null) {
            throw new InvalidInputException("projectId", "is required");
        }
        projects.find(request.projectId()).orElseThrow(() ->
                new InvalidInputException("projectId", "no project with id " + request.projectId()));
        if (request.languageId() != null && languages.find(request.languageId()).isEmpty()) {
            throw new InvalidInputException("languageId", "no language with id " + request.languageId());
        }
        OutboundListState state = request.state() == null ? OutboundListState.Created
                : Inputs.oneOf("state", request.state(), OutboundListState.class);
        // timeFrom after timeTo is a window over midnight; an equal pair would be an empty window
        if (request.timeFrom() != null && request.timeFrom().equals(request.timeTo())) {
            throw new InvalidInputException("timeTo", "must differ from timeFrom; leave both empty for no window");
        }
        return new OutboundList(id, name, request.projectId(), request.languageId(), state, request.timeFrom(),
                request.timeTo());
    }

    /** POST and PUT /api/outbound-lists body; times of day such as "08:00" in outbound.time-zone. */
    record OutboundListRequest(String name, UUID projectId, UUID languageId, String state, LocalTime timeFrom,
            LocalTime timeTo) {
    }

    /** PUT /api/outbound-lists/{id}/state body. */
    record ListStateChange(String state) {
    }
}
