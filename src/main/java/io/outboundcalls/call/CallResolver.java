package io.outboundcalls.call;

import io.outboundcalls.agent.Agent;
import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.call.CallReferences.Contact;
import io.outboundcalls.call.CallReferences.Conversation;
import io.outboundcalls.call.CallReferences.Issue;
import io.outboundcalls.call.CallReferences.Reference;
import io.outboundcalls.campaign.OutboundList;
import io.outboundcalls.campaign.OutboundListRepository;
import io.outboundcalls.campaign.Project;
import io.outboundcalls.campaign.ProjectRepository;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.phone.PhoneNumberNormalizer;
import io.outboundcalls.web.CurrentUser;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The seed's rules for what a new call refers to ("Opening the editor using a URL"), in one place: the editor's
 * draft, POST /api/calls, the bar web URL's project calls, callbacks and Visitor records all resolve through here,
 * so a saved draft and the same parameters posted directly make the same call.
 * <ul>
 * <li>the case: IssueId, else IssueKey, else the case of the MessageId's message, else of the ChatId's chat;</li>
 * <li>the case fills ProjectId, LanguageId and ContactId; the second parameter group, where given, overwrites them
 * (an OutboundListId given overwrites the case's project with the list's);</li>
 * <li>the contact: ContactId, else ContactKey, else the message's, the chat's, the case's contact;</li>
 * <li>the list: OutboundListId, else the oldest Running list of the project ("the first outbound campaign with the
 * corresponding project"); a project call needs one of them, directly or from the case;</li>
 * <li>the language: LanguageId, else the case's, else the list's;</li>
 * <li>Predist pre-distributes to AgentId, or without it to the authenticated agent.</li>
 * </ul>
 */
@Component
class CallResolver {

    /** What is being resolved: a call to dial (number and list required) or a Visitor record (neither). */
    enum Kind {
        CALL, VISITOR
    }

    private final OutboundListRepository lists;
    private final ProjectRepository projects;
    private final AgentRepository agents;
    private final CallReferences references;
    private final PhoneNumberNormalizer normalizer;

    CallResolver(OutboundListRepository lists, ProjectRepository projects, AgentRepository agents,
            CallReferences references, PhoneNumberNormalizer normalizer) {
        this.lists = lists;
        this.projects = projects;
        this.agents = agents;
        this.references = references;
        this.normalizer = normalizer;
    }

    ResolvedCall resolve(NewCallRequest request, CurrentUser user, Kind kind) {
        String number = kind == Kind.VISITOR && (request.number() == null || request.number().isBlank()) ? null
                : normalizer.normalize("number", request.number());
        String callKey = request.callKey() == null || request.callKey().isBlank() ? null : request.callKey().strip();
        if (callKey != null && callKey.length() > CallIntake.MAX_CALL_KEY_LENGTH) {
            throw new InvalidInputException("callKey", "is " + callKey.length() + " characters long; at most "
                    + CallIntake.MAX_CALL_KEY_LENGTH + " are allowed");
        }

        Conversation message = request.messageId() == null ? null : references.message(request.messageId())
                .orElseThrow(() -> new InvalidInputException("messageId", "no message with id " + request.messageId()));
        Conversation chat = request.chatId() == null ? null : references.chat(request.chatId())
                .orElseThrow(() -> new InvalidInputException("chatId", "no chat with id " + request.chatId()));
        Issue issue = resolveIssue(request, message, chat);
        Contact contact = resolveContact(request, message, chat, issue);

        OutboundList list = null;
        if (request.outboundListId() != null) {
            list = lists.find(request.outboundListId()).orElseThrow(() -> new InvalidInputException("outboundListId",
                    "no outbound list with id " + request.outboundListId()));
        }
        if (request.projectId() != null) {
            projects.find(request.projectId()).orElseThrow(() ->
                    new InvalidInputException("projectId", "no project with id " + request.projectId()));
            if (list != null && !request.projectId().equals(list.projectId())) {
                throw new InvalidInputException("projectId",
                        "project " + request.projectId() + " is not the project of outbound list " + list.id());
            }
        }
        UUID projectId = request.projectId() != null ? request.projectId()
                : list != null ? list.projectId()
                : issue != null ? issue.projectId() : null;
        String projectSource = request.projectId() == null && list == null && issue != null
                ? " (the project of case " + issue.id() + ")" : "";
        if (list == null && projectId != null) {
            Optional<OutboundList> firstRunning = lists.findFirstRunning(projectId);
            if (firstRunning.isEmpty() && kind == Kind.CALL) {
                throw new InvalidInputException("projectId",
                        "project " + projectId + projectSource + " has no Running outbound list");
            }
            list = firstRunning.orElse(null);
        }
        if (projectId == null && kind == Kind.CALL) {
            throw new InvalidInputException("outboundListId",
                    "either outboundListId or projectId is required (directly or from the case)");
        }
        Project project = projectId == null ? null : projects.find(projectId).orElseThrow();

        references.requireExisting(Reference.LANGUAGE, request.languageId());
        UUID languageId = request.languageId() != null ? request.languageId()
                : issue != null && issue.languageId() != null ? issue.languageId()
                : list != null ? list.languageId() : null;
        references.requireExisting(Reference.PHONE_NUMBER, request.phoneNumberId());

        UUID agentId = resolveAgent(request, user);
        return new ResolvedCall(number, request.number() == null ? null : request.number().strip(), list, project,
                languageId, contact, issue, request.phoneNumberId(), request.messageId(), request.chatId(), agentId,
                Boolean.TRUE.equals(request.predist()), callKey);
    }

    private Issue resolveIssue(NewCallRequest request, Conversation message, Conversation chat) {
        if (request.issueId() != null) {
            return references.issue(request.issueId()).orElseThrow(() ->
                    new InvalidInputException("issueId", "no case with id " + request.issueId()));
        }
        if (request.issueKey() != null && !request.issueKey().isBlank()) {
            return references.issueByKey(request.issueKey().strip()).orElseThrow(() ->
                    new InvalidInputException("issueKey", "no case with key '" + request.issueKey().strip() + "'"));
        }
        UUID fromConversation = message != null && message.issueId() != null ? message.issueId()
                : chat != null ? chat.issueId() : null;
        return fromConversation == null ? null : references.issue(fromConversation).orElseThrow();
    }

    private Contact resolveContact(NewCallRequest request, Conversation message, Conversation chat, Issue issue) {
        if (request.contactId() != null) {
            return references.contact(request.contactId()).orElseThrow(() ->
                    new InvalidInputException("contactId", "no contact with id " + request.contactId()));
        }
        if (request.contactKey() != null && !request.contactKey().isBlank()) {
            return references.contactByKey(request.contactKey().strip()).orElseThrow(() ->
                    new InvalidInputException("contactKey", "no contact with key '" + request.contactKey().strip()
                            + "'"));
        }
        UUID derived = message != null && message.contactId() != null ? message.contactId()
                : chat != null && chat.contactId() != null ? chat.contactId()
                : issue != null ? issue.contactId() : null;
        return derived == null ? null : references.contact(derived).orElseThrow();
    }

    private UUID resolveAgent(NewCallRequest request, CurrentUser user) {
        references.requireExisting(Reference.AGENT, request.agentId());
        if (request.agentId() != null || !Boolean.TRUE.equals(request.predist())) {
            return request.agentId();
        }
        return agents.findByLogin(user.login()).map(Agent::id).orElseThrow(() ->
                new InvalidInputException("agentId", "a predistributed call needs an agent, and "
                        + user.login() + " is not one"));
    }

    /** A new call with every reference resolved; number is null only for a Visitor record without one. */
    record ResolvedCall(String number, String dialedNumber, OutboundList list, Project project, UUID languageId,
            Contact contact, Issue issue, UUID phoneNumberId, UUID messageId, UUID chatId, UUID agentId,
            boolean predistributed, String callKey) {

        UUID listId() {
            return list == null ? null : list.id();
        }

        UUID projectId() {
            return project == null ? null : project.id();
        }

        UUID contactId() {
            return contact == null ? null : contact.id();
        }

        UUID issueId() {
            return issue == null ? null : issue.id();
        }
    }
}
