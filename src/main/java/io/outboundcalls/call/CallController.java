package io.outboundcalls.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.domain.UnknownRecordException;
import io.outboundcalls.web.Authorities;
import io.outboundcalls.web.CurrentUser;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Outbound calls: create (the editor's save), read one, list with filters. */
@RestController
@RequestMapping("/api/calls")
class CallController {

    static final int MAX_PAGE_SIZE = 1000;

    private final CallIntake intake;
    private final OutboundCallRepository calls;
    private final CallDecisionHistory decisions;

    CallController(CallIntake intake, OutboundCallRepository calls, CallDecisionHistory decisions) {
        this.intake = intake;
        this.calls = calls;
        this.decisions = decisions;
    }

    /** {@code ?origin=Editor} marks the calls the editor page saves, for reporting; other clients are Api. */
    @PostMapping
    @PreAuthorize(Authorities.HAS_WRITE)
    ResponseEntity<CallView> create(@RequestBody NewCallRequest request,
            @RequestParam(required = false) String origin) {
        CallOrigin callOrigin = switch (origin == null ? "" : origin.strip().toLowerCase(Locale.ROOT)) {
            case "", "api" -> CallOrigin.Api;
            case "editor" -> CallOrigin.Editor;
            default -> throw new InvalidInputException("origin", "'" + origin + "' is not Api or Editor");
        };
        OutboundCall call = intake.createProjectCall(request, CurrentUser.get(), callOrigin);
        return ResponseEntity.created(URI.create("/api/calls/" + call.id())).body(new CallView(call, List.of()));
    }

    @GetMapping("/{id}")
    CallView get(@PathVariable UUID id) {
        OutboundCall call = calls.find(id).orElseThrow(() -> new UnknownRecordException("call", id));
        return new CallView(call, decisions.of(call));
    }

    @PatchMapping("/{id}")
    @PreAuthorize(Authorities.HAS_WRITE)
    OutboundCall change(@PathVariable UUID id, @RequestBody JsonNode body) {
        return intake.change(id, CallChanges.parse(body), CurrentUser.get());
    }

    @GetMapping
    CallPage list(@RequestParam(required = false) CallPhase phase,
            @RequestParam(required = false) CallResult result,
            @RequestParam(required = false) UUID outboundListId,
            @RequestParam(required = false) UUID agentId,
            @RequestParam(required = false) String callKey,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        if (page < 0) {
            throw new InvalidInputException("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidInputException("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        // an empty parameter of API.md's template is no filter, as Spring makes it for the typed ones
        CallFilter filter = new CallFilter(phase == null ? null : phase.name(), result == null ? null : result.name(),
                outboundListId, agentId, callKey == null || callKey.isBlank() ? null : callKey);
        return new CallPage(calls.page(filter, page, size), calls.count(filter));
    }

    /** A page of calls in the shape API.md gives list endpoints. */
    record CallPage(List<OutboundCall> content, long totalElements) {
    }
}
