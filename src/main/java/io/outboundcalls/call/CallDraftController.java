package io.outboundcalls.call;

import io.outboundcalls.agent.Agent;
import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.agent.Language;
import io.outboundcalls.agent.LanguageRepository;
import io.outboundcalls.call.CallResolver.ResolvedCall;
import io.outboundcalls.campaign.OutboundList;
import io.outboundcalls.campaign.Project;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.web.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The outbound call editor's pre-filled draft (GET /api/calls/draft with the parameters of OutCallEditor.html): the
 * seed's resolution rules applied, nothing written. Saving it with POST /api/calls (or /api/calls/visitor) makes
 * the call that the same parameters posted directly would make.
 */
@RestController
class CallDraftController {

    private final CallResolver resolver;
    private final LanguageRepository languages;
    private final AgentRepository agents;

    CallDraftController(CallResolver resolver, LanguageRepository languages, AgentRepository agents) {
        this.resolver = resolver;
        this.languages = languages;
        this.agents = agents;
    }

    @Operation(summary = "The editor's pre-filled draft", description = """
            Parameters as in OutCallEditor.html (names case-insensitive): Number (required, normalized), Predist, \
            AgentId, CallKey, IssueId, IssueKey, ProjectId, OutboundListId, LanguageId, ContactId, ContactKey, \
            PhoneNumberId, MessageId, ChatId, CallType=Visitor. Answers the fields of POST /api/calls, the call type \
            and the names of what the ids refer to.""")
    @GetMapping("/api/calls/draft")
    CallDraft draft(HttpServletRequest request) {
        SeedParameters p = SeedParameters.of(request);
        CallType callType = callType(p.text("CallType"));
        try {
            NewCallRequest call = new NewCallRequest(p.text("Number"), p.flag("Predist"), p.uuid("AgentId"),
                    p.text("CallKey"), p.uuid("IssueId"), p.text("IssueKey"), p.uuid("ProjectId"),
                    p.uuid("OutboundListId"), p.uuid("LanguageId"), p.uuid("ContactId"), p.text("ContactKey"),
                    p.uuid("PhoneNumberId"), p.uuid("MessageId"), p.uuid("ChatId"), p.time("ScheduleTime"),
                    p.time("TimeFrom"), p.time("TimeTo"), p.integer("Priority"));
            ResolvedCall resolved = resolver.resolve(call, CurrentUser.get(),
                    callType == CallType.Visitor ? CallResolver.Kind.VISITOR : CallResolver.Kind.CALL);
            return toDraft(call, resolved, callType);
        } catch (InvalidInputException e) {
            throw SeedParameters.renamed(e);
        }
    }

    private CallDraft toDraft(NewCallRequest call, ResolvedCall r, CallType callType) {
        Project project = r.project();
        OutboundList list = r.list();
        Integer priority = call.priority() != null ? call.priority() : project != null ? project.defaultPriority()
                : null;
        return new CallDraft(r.number(), r.predistributed(), r.agentId(), r.callKey(), r.issueId(),
                r.issue() != null ? r.issue().issueKey() : null, r.projectId(), r.listId(), r.languageId(),
                r.contactId(), r.contact() != null ? r.contact().contactKey() : null, r.phoneNumberId(),
                r.messageId(), r.chatId(), call.scheduleTime(), call.timeFrom(), call.timeTo(), priority, callType,
                project == null ? null : project.name(), list == null ? null : list.name(),
                r.languageId() == null ? null : languages.find(r.languageId()).map(Language::name).orElse(null),
                r.contact() == null ? null : r.contact().name(),
                r.agentId() == null ? null : agents.find(r.agentId()).map(Agent::name).orElse(null));
    }

    private static CallType callType(String value) {
        if (value == null || value.equalsIgnoreCase(CallType.Project.name())) {
            return CallType.Project;
        }
        if (value.equalsIgnoreCase(CallType.Visitor.name())) {
            return CallType.Visitor;
        }
        throw new InvalidInputException("CallType", "'" + value + "' cannot be created in the editor; use Project"
                + " (the default) or Visitor");
    }

    /**
     * The draft: the body fields of POST /api/calls with the seed's rules applied, the call type (Visitor opens the
     * Visitor form) and the names the editor shows beside the ids.
     */
    record CallDraft(String number, boolean predist, UUID agentId, String callKey, UUID issueId, String issueKey,
            UUID projectId, UUID outboundListId, UUID languageId, UUID contactId, String contactKey,
            UUID phoneNumberId, UUID messageId, UUID chatId, OffsetDateTime scheduleTime, OffsetDateTime timeFrom,
            OffsetDateTime timeTo, Integer priority, CallType callType, String projectName, String outboundListName,
            String languageName, String contactName, String agentName) {
    }
}
