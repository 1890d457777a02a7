package io.outboundcalls.call;

import io.outboundcalls.agent.Agent;
import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.call.CallResolver.ResolvedCall;
import io.outboundcalls.domain.Inputs;
import io.outboundcalls.domain.MultilineText;
import io.outboundcalls.domain.NotPermittedException;
import io.outboundcalls.web.Authorities;
import io.outboundcalls.web.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seed's Visitor record: a customer at the counter, recorded as a call of the authenticated agent already in
 * AgentTalk. The visit ends with POST /api/calls/{id}/hang-up; the result task follows as after any talk.
 */
@RestController
class VisitorController {

    static final int MAX_NOTE_LENGTH = 2000;

    private final CallResolver resolver;
    private final AgentCalls agentCalls;
    private final AgentRepository agents;

    VisitorController(CallResolver resolver, AgentCalls agentCalls, AgentRepository agents) {
        this.resolver = resolver;
        this.agentCalls = agentCalls;
        this.agents = agents;
    }

    @Operation(summary = "Record a visitor at the counter", description = """
            CallType Visitor, CallPhase AgentTalk, CallResult Prepared, the agent's workplace, origin Visitor. \
            Everything is optional: number (normalized when given; a visitor may have none), projectId or \
            outboundListId, and the editor's references (issueId, issueKey, contactId, contactKey, messageId, \
            chatId, ...) resolved as for POST /api/calls.""")
    @PreAuthorize(Authorities.HAS_WRITE)
    @PostMapping("/api/calls/visitor")
    @Transactional
    ResponseEntity<CallView> open(@RequestBody(required = false) NewVisitorRequest body) {
        // a tile may post nothing at all: a visitor about whom nothing is known yet
        NewVisitorRequest request = body != null ? body
                : new NewVisitorRequest(null, null, null, null, null, null, null, null, null, null, null, null, null);
        CurrentUser user = CurrentUser.get();
        Agent agent = agents.findByLogin(user.login()).orElseThrow(() -> new NotPermittedException("user "
                + user.login() + " is not an agent; a Visitor record belongs to the agent at the counter"));
        String note = Inputs.optionalMultilineText("note", request.note(), MAX_NOTE_LENGTH);
        ResolvedCall r = resolver.resolve(new NewCallRequest(request.number(), null, null, request.callKey(),
                request.issueId(), request.issueKey(), request.projectId(), request.outboundListId(),
                request.languageId(), request.contactId(), request.contactKey(), request.phoneNumberId(),
                request.messageId(), request.chatId(), null, null, null, null), user, CallResolver.Kind.VISITOR);
        OutboundCall call = agentCalls.openVisit(agent, new AgentCalls.Details(r.number(),
                r.number() == null ? null : r.dialedNumber(), r.listId(), r.projectId(), r.languageId(),
                r.contactId(), r.issueId(), r.phoneNumberId(), r.messageId(), r.chatId(), r.callKey(), note));
        return ResponseEntity.created(URI.create("/api/calls/" + call.id())).body(new CallView(call, List.of()));
    }

    /** POST /api/calls/visitor body; every field is optional. */
    record NewVisitorRequest(String number, UUID projectId, UUID outboundListId, UUID languageId, UUID contactId,
            String contactKey, UUID issueId, String issueKey, UUID phoneNumberId, UUID messageId, UUID chatId,
            String callKey, @MultilineText String note) {
    }
}
