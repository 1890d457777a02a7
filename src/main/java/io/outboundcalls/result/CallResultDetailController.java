package io.outboundcalls.result;

import io.outboundcalls.call.CallType;
import io.outboundcalls.campaign.ProjectRepository;
import io.outboundcalls.domain.Inputs;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.domain.UnknownRecordException;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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

/**
 * Administration of the call result details register, deleted ones included; agents choose from
 * /api/agent/call-result-details. Writes need camunda-admin (SecurityConfig).
 */
@RestController
@RequestMapping("/api/call-result-details")
class CallResultDetailController {

    /** Every bit a channel has; other bits mean nothing and are refused. */
    private static final int KNOWN_CHANNELS = Arrays.stream(CallResultChannel.values())
            .mapToInt(CallResultChannel::bit).reduce(0, (a, b) -> a | b);

    private final CallResultDetailRepository details;
    private final ProjectRepository projects;

    CallResultDetailController(CallResultDetailRepository details, ProjectRepository projects) {
        this.details = details;
        this.projects = projects;
    }

    @GetMapping
    List<CallResultDetail> list() {
        return details.findAll();
    }

    @GetMapping("/{id}")
    CallResultDetail get(@PathVariable UUID id) {
        return find(id);
    }

    @PostMapping
    @Transactional
    ResponseEntity<CallResultDetail> create(@RequestBody CallResultDetailRequest request) {
        CallResultDetail detail = validated(UUID.randomUUID(), false, request);
        details.insert(detail);
        // read back, so the limits come in the order every later read gives them
        return ResponseEntity.created(URI.create("/api/call-result-details/" + detail.id())).body(find(detail.id()));
    }

    /** Replaces the detail's settings and limits; a deleted detail stays deleted. */
    @PutMapping("/{id}")
    @Transactional
    CallResultDetail update(@PathVariable UUID id, @RequestBody CallResultDetailRequest request) {
        CallResultDetail current = find(id);
        CallResultDetail detail = validated(id, current.deleted(), request);
        details.update(detail);
        return find(id);
    }

    /** A soft delete: calls keep the detail they were given, agents are no longer offered it. */
    @DeleteMapping("/{id}")
    @Transactional
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        find(id);
        details.markDeleted(id);
        return ResponseEntity.noContent().build();
    }

    private CallResultDetail find(UUID id) {
        return details.find(id).orElseThrow(() -> new UnknownRecordException("call result detail", id));
    }

    private CallResultDetail validated(UUID id, boolean deleted, CallResultDetailRequest request) {
        String name = Inputs.requiredText("name", request.name(), 200);
        GeneralResult generalResult = Inputs.oneOf("generalResult", request.generalResult(), GeneralResult.class);
        int channels = request.channels() == null ? CallResultChannel.Inbound.bit() : request.channels();
        if (channels <= 0 || (channels & ~KNOWN_CHANNELS) != 0) {
            throw new InvalidInputException("channels", channels + " is not a sum of the channel bits "
                    + Arrays.stream(CallResultChannel.values()).map(c -> c.name() + " " + c.bit()).toList());
        }
        Set<String> callTypes = new LinkedHashSet<>();
        for (String callType : request.callTypes() == null ? List.<String>of() : request.callTypes()) {
            callTypes.add(Inputs.oneOf("callTypes", callType, CallType.class).name());
        }
        Set<UUID> projectIds = new LinkedHashSet<>(request.projectIds() == null ? List.of() : request.projectIds());
        for (UUID projectId : projectIds) {
            if (projectId == null || projects.find(projectId).isEmpty()) {
                throw new InvalidInputException("projectIds", "no project with id " + projectId);
            }
        }
        if (request.rescheduleAfterSeconds() != null && request.rescheduleAfterSeconds() <= 0) {
            throw new InvalidInputException("rescheduleAfterSeconds",
                    "must be empty (the callResultMapping decision decides) or more than 0 seconds");
        }
        return new CallResultDetail(id, name, generalResult, channels, deleted, request.rescheduleAfterSeconds(),
                List.copyOf(callTypes), List.copyOf(projectIds));
    }

    /** POST and PUT /api/call-result-details body; empty callTypes or projectIds = all of them. */
    record CallResultDetailRequest(String name, String generalResult, Integer channels, List<String> callTypes,
            List<UUID> projectIds, Integer rescheduleAfterSeconds) {
    }
}
