package io.outboundcalls.call;

import io.outboundcalls.call.CallBar.BarCall;
import io.outboundcalls.call.CallBar.BarReply;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.web.Authorities;
import io.outboundcalls.web.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/** The agent's call bar (POST /api/bar/call) and the seed's bar web URL (GET|POST /api/bar/web?Cmd=PrivateCall&..). */
@RestController
// the seed's URLs live under /ReactClient; links CRMs already hold use them
@RequestMapping({"/api/bar", "/ReactClient/api/bar"})
class BarController {

    static final String PRIVATE_CALL = "PrivateCall";
    /** The seed's Seq, which the engine "does not check in any way and returns unchanged". */
    static final String SEQ = "Seq";

    private final CallBar bar;

    BarController(CallBar bar) {
        this.bar = bar;
    }

    @Operation(summary = "Create and dial a call from a URL (the seed's bar web URL)", description = """
            Parameters (names case-insensitive, values trimmed; POST also as an application/x-www-form-urlencoded \
            body): Cmd=PrivateCall, Par (the number), OutboundList or OutboundListId (a project call of that list, \
            predistributed to the agent; without it a private call, dialed at once and logged only when \
            PrivateCallsOnWebAction is true), AgentId (default: the authenticated agent), ProjectId, LanguageId, \
            IssueId, ContactId (for reporting), CallKey (at most 48 characters), Seq (not checked in any way: returned \
            exactly as given). Also at the seed's own path /ReactClient/api/bar/web.""")
    @PreAuthorize(Authorities.HAS_WRITE)
    @RequestMapping(path = "/web", method = {RequestMethod.GET, RequestMethod.POST})
    BarReply web(HttpServletRequest request) {
        CurrentUser user = CurrentUser.get();
        SeedParameters parameters = SeedParameters.of(request, SEQ);
        String command = parameters.text("Cmd");
        if (command == null) {
            throw new InvalidInputException("Cmd", "is required; the command is " + PRIVATE_CALL);
        }
        if (!command.equalsIgnoreCase(PRIVATE_CALL)) {
            throw new InvalidInputException("Cmd", "'" + shorten(command) + "' is not a command; the command is "
                    + PRIVATE_CALL);
        }
        if (parameters.text("Par") == null) {
            throw new InvalidInputException("Par", "the number to dial is required");
        }
        // the seed writes both OutboundList (in the URL's format) and OutboundListId (in the parameter list)
        String listParameter = parameters.has("OutboundListId") ? "OutboundListId" : "OutboundList";
        UUID list = parameters.uuid(listParameter);
        if (parameters.has("OutboundListId") && parameters.has("OutboundList")) {
            UUID other = parameters.uuid("OutboundList");
            if (list == null || !list.equals(other)) {
                throw new InvalidInputException("OutboundListId", "differs from OutboundList; give one of them");
            }
        }
        BarCall call = new BarCall(parameters.text("Par"), list, parameters.uuid("AgentId"),
                parameters.uuid("ProjectId"), parameters.uuid("LanguageId"), parameters.uuid("IssueId"),
                parameters.uuid("ContactId"), parameters.text("CallKey"), parameters.unchecked(SEQ));
        try {
            return bar.dial(call, user, CallOrigin.Web);
        } catch (InvalidInputException e) {
            throw SeedParameters.renamed(e, "number", "Par", "outboundListId", listParameter);
        }
    }

    @Operation(summary = "Dial from the agent's call bar", description = """
            With outboundListId a project call of that list, predistributed to the agent; without it a private \
            call, dialed at once and logged only when PrivateCallsOnBarAction is true.""")
    @PreAuthorize(Authorities.HAS_WRITE)
    @PostMapping("/call")
    BarReply call(@RequestBody BarCallRequest request) {
        CurrentUser user = CurrentUser.get();
        return bar.dial(new BarCall(request.number(), request.outboundListId(), request.agentId(), request.projectId(),
                request.languageId(), request.issueId(), request.contactId(), request.callKey(), request.seq()),
                user, CallOrigin.Bar);
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }

    /** POST /api/bar/call body: the number, and optionally the list, the agent and what to report the call under. */
    record BarCallRequest(String number, UUID outboundListId, UUID agentId, UUID projectId, UUID languageId,
            UUID issueId, UUID contactId, String callKey, String seq) {
    }
}
