package io.outboundcalls.distribution;

import io.outboundcalls.agent.ActingAgent;
import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.web.Authorities;
import io.outboundcalls.web.CurrentUser;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** POST /api/calls/{id}/enqueue and the bulk action POST /api/calls/enqueue: Manual calls to distribution. */
@RestController
class ManualDispatchController {

    private final ManualDispatch dispatch;
    private final ActingAgent actingAgent;

    ManualDispatchController(ManualDispatch dispatch, ActingAgent actingAgent) {
        this.dispatch = dispatch;
        this.actingAgent = actingAgent;
    }

    @PreAuthorize(Authorities.HAS_WRITE)
    @PostMapping("/api/calls/{id}/enqueue")
    OutboundCall enqueueOne(@PathVariable UUID id, @RequestBody(required = false) EnqueueOne body) {
        actingAgent.requireMayActFor(CurrentUser.get(), body == null ? null : body.agentId());
        return dispatch.enqueue(List.of(id), body == null ? null : body.agentId()).get(0);
    }

    @PreAuthorize(Authorities.HAS_WRITE)
    @PostMapping("/api/calls/enqueue")
    EnqueuedCalls enqueueMany(@RequestBody EnqueueMany body) {
        actingAgent.requireMayActFor(CurrentUser.get(), body.agentId());
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
