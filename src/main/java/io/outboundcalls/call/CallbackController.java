package io.outboundcalls.call;

import io.outboundcalls.domain.Inputs;
import io.outboundcalls.web.Authorities;
import io.outboundcalls.web.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Callbacks: of a call lost in the queue (LostShift) or requested in the IVR (Ivr). */
@RestController
class CallbackController {

    private final CallIntake intake;

    CallbackController(CallIntake intake) {
        this.intake = intake;
    }

    @Operation(summary = "Create a callback", description = """
            A call of type Callback into outboundListId (or the oldest Running list of projectId), due at \
            requestedTime (default now); in Manual when the project schedules manually. A LostShift callback is \
            Neglected when no agent took it within LostShiftWindow from lostAt, the moment the call was lost \
            (default now; only for LostShift, not in the future), also while it waits in Manual.""")
    @PreAuthorize(Authorities.HAS_WRITE)
    @PostMapping("/api/callbacks")
    ResponseEntity<CallView> create(@RequestBody NewCallbackRequest request) {
        CurrentUser user = CurrentUser.get();
        CallbackSource source = Inputs.oneOf("source", request.source(), CallbackSource.class);
        OutboundCall call = intake.createCallback(new NewCallRequest(request.number(), null, null, request.callKey(),
                null, null, request.projectId(), request.outboundListId(), request.languageId(), request.contactId(),
                null, null, null, null, request.requestedTime(), null, null, null), source, request.lostAt(), user);
        return ResponseEntity.created(URI.create("/api/calls/" + call.id())).body(new CallView(call, List.of()));
    }

    /** POST /api/callbacks body. */
    record NewCallbackRequest(String number, UUID projectId, UUID outboundListId, String source,
            OffsetDateTime requestedTime, UUID languageId, UUID contactId, String callKey, OffsetDateTime lostAt) {
    }
}
