package io.outboundcalls.call;

import io.outboundcalls.agent.Agent;
import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.domain.NotPermittedException;
import io.outboundcalls.domain.StateConflictException;
import io.outboundcalls.domain.UnknownRecordException;
import io.outboundcalls.pbx.PbxDials;
import io.outboundcalls.web.Authorities;
import io.outboundcalls.web.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ends the talk of a call in AgentTalk, for its agent. A Visitor record has no telephone line: the visit ends here,
 * as CallHungUp to its process, and its result task follows at once (or, for a project with nothing after the call,
 * the task of the talk stays open for the result). A telephone call is hung up at the PBX, which
 * reports the hang-up as for any call (so the answer is 202: the talk ends a moment later).
 */
@RestController
class HangUpController {

    private final OutboundCallRepository calls;
    private final AgentRepository agents;
    private final CallLifecycle lifecycle;
    private final PbxDials dials;

    HangUpController(OutboundCallRepository calls, AgentRepository agents,
            CallLifecycle lifecycle, PbxDials dials) {
        this.calls = calls;
        this.agents = agents;
        this.lifecycle = lifecycle;
        this.dials = dials;
    }

    @Operation(summary = "End the talk (or the visit) of a call in AgentTalk", description = """
            For a Visitor record the visit ends at once (200, the call then waits for its result); for a telephone \
            call the PBX hangs up and reports it (202). Only the call's agent (or an administrator) may.""")
    @PreAuthorize(Authorities.HAS_WRITE)
    @PostMapping("/api/calls/{id}/hang-up")
    ResponseEntity<CallView> hangUp(@PathVariable UUID id) {
        CurrentUser user = CurrentUser.get();
        OutboundCall call = calls.find(id).orElseThrow(() -> new UnknownRecordException("call", id));
        if (!user.isAdmin()) {
            UUID agentId = agents.findByLogin(user.login()).map(Agent::id).orElse(null);
            if (agentId == null || !agentId.equals(call.agentId())) {
                throw new NotPermittedException("call " + id + " is not a call of " + user.login()
                        + "; only its agent hangs it up");
            }
        }
        if (call.callPhase() != CallPhase.AgentTalk) {
            throw new StateConflictException("call " + id + " is in phase " + call.callPhase()
                    + "; only a call in phase AgentTalk can be hung up");
        }
        if (call.callType() != CallType.Visitor) {
            dials.hangUp(id);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(new CallView(call, List.of()));
        }
        if (!lifecycle.visitEnded(id)) {
            // another request ended the visit between our read and the correlation
            throw new StateConflictException("the visit of call " + id + " has already ended");
        }
        return ResponseEntity.ok(new CallView(calls.find(id).orElseThrow(), List.of()));
    }
}
