package io.outboundcalls.distribution;

import io.outboundcalls.call.CallIntake;
import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.web.CurrentUser;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** POST /api/calls/{id}/enqueue and the bulk action POST /api/calls/enqueue: Manual calls to distribution. */
@RestController
class ManualDispatchController {

    private final ManualDispatch dispatch;
    private final CallIntake intake;

    ManualDispatchController(ManualDispatch dispatch, CallIntake intake) {
        this.dispatch = dispatch;
        this.intake = intake;
    }

    @PostMapping("/api/calls/{id}/enqueue")
    OutboundCall enqueueOne(@PathVariable UUID id, @RequestBody(required = false) EnqueueOne body) {
        intake.requireAllowWrite(CurrentUser.get());
        return dispatch.enqueue(List.of(id), body == null ? null : body.agentId()).get(0);
    }

    @PostMapping("/api/calls/enqueue")
    EnqueuedCalls enqueueMany(@RequestBody EnqueueMany body) {
        intake.requireAllowWrite(CurrentUser.get());
        List<OutboundCall> calls = dispatch.enqueue(body.ids(), body.agentId());
        return new EnqueuedCalls(calls.size(), calls);
    }

    /** Body of POST /api/calls/{id}/enqueue: the agent to predistribute the call to, if any. */
    record EnqueueOne(UUID agentId) {
    }

    /** Body of the bulk action. */
    record EnqueueMany(List<UUID> ids, UUID agentId) {
    }

    /** What the bulk action released. */
    record EnqueuedCalls(int enqueued, List<OutboundCall> calls) {
    }
}
