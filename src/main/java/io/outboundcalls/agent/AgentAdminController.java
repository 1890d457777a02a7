package io.outboundcalls.agent;

import io.outboundcalls.domain.Inputs;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.domain.StateConflictException;
import io.outboundcalls.domain.UnknownRecordException;
import io.outboundcalls.web.Authorities;
import io.outboundcalls.web.CredentialsChanged;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.context.ApplicationEventPublisher;
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
 * Administration of agents: the agent row with skills and languages, and the engine user they log in with, written
 * in one transaction (the engine joins Spring's). Writes need camunda-admin (SecurityConfig).
 */
@RestController
@RequestMapping("/api/agents")
class AgentAdminController {

    static final String AGENTS_GROUP = Authorities.AGENTS_GROUP;

    /** The engine's default whitelist for user ids; other characters would fail only when the user is saved. */
    private static final Pattern LOGIN = Pattern.compile("[a-zA-Z0-9]+");

    private final AgentRepository agents;
    private final ApplicationEventPublisher events;
    private final AgentStatusRepository statuses;
    private final WorkplaceRepository workplaces;
    private final ProjectsOfAgents projects;
    private final LanguageRepository languages;
    private final IdentityService identity;

    AgentAdminController(AgentRepository agents, AgentStatusRepository statuses, WorkplaceRepository workplaces,
            ProjectsOfAgents projects, LanguageRepository languages, IdentityService identity,
            ApplicationEventPublisher events) {
        this.agents = agents;
        this.statuses = statuses;
        this.workplaces = workplaces;
        this.projects = projects;
        this.languages = languages;
        this.identity = identity;
        this.events = events;
    }

    @GetMapping
    List<AgentProfile> list() {
        return agents.findAll().stream().map(this::profile).toList();
    }

    @GetMapping("/{id}")
    AgentProfile get(@PathVariable UUID id) {
        return profile(find(id));
    }

    /** A new agent starts Offline and logs in with the given login and password. */
    @PostMapping
    @Transactional
    ResponseEntity<AgentProfile> create(@RequestBody AgentRequest request) {
        String login = Inputs.requiredText("login", request.login(), 64);
        if (!LOGIN.matcher(login).matches()) {
            throw new InvalidInputException("login", "may hold only letters and digits");
        }
        String name = Inputs.requiredText("name", request.name(), 200);
        if (request.password() == null || request.password().isBlank()) {
            throw new InvalidInputException("password", "is required");
        }
        References references = references(request);
        if (agents.findByLogin(login).isPresent()) {
            throw new StateConflictException("login: an agent with the login '" + login + "' already exists");
        }
        if (identity.createUserQuery().userId(login).count() > 0) {
            throw new StateConflictException("login: the engine already has a user '" + login + "'");
        }
        UUID statusId = statuses.findFirst(ActivityType.Offline).map(AgentStatus::id).orElse(null);
        UUID id = UUID.randomUUID();
        agents.insert(new Agent(id, name, login, Boolean.TRUE.equals(request.allowWrite()), references.workplaceId(),
                statusId, LineState.Free, null, null, null, null));
        agents.addSkills(id, references.projectIds());
        agents.addLanguages(id, references.languageIds());
        createEngineUser(login, name, request.password());
        return ResponseEntity.created(URI.create("/api/agents/" + id)).body(profile(find(id)));
    }

    /**
     * Replaces name, AllowWrite, workplace, skills and languages; the password changes only when given. The login
     * is the engine user's id and stays.
     */
    @PutMapping("/{id}")
    @Transactional
    AgentProfile update(@PathVariable UUID id, @RequestBody AgentRequest request) {
        Agent agent = find(id);
        if (request.login() != null && !request.login().strip().equals(agent.login())) {
            throw new InvalidInputException("login", "cannot be changed; it is the id of the engine user");
        }
        String name = Inputs.requiredText("name", request.name(), 200);
        if (request.password() != null && request.password().isBlank()) {
            throw new InvalidInputException("password", "must not be blank; leave it out to keep the password");
        }
        References references = references(request);
        agents.updateProfile(id, name, Boolean.TRUE.equals(request.allowWrite()), references.workplaceId());
        agents.removeSkills(id);
        agents.addSkills(id, references.projectIds());
        agents.removeLanguages(id);
        agents.addLanguages(id, references.languageIds());
        User user = identity.createUserQuery().userId(agent.login()).singleResult();
        if (user == null) {
            // an agent written by SQL has no engine user yet; a password gives them one
            if (request.password() != null) {
                createEngineUser(agent.login(), name, request.password());
            }
        } else {
            setNames(user, name);
            if (request.password() != null) {
                user.setPassword(request.password());
            }
            identity.saveUser(user);
        }
        // AllowWrite is an authority of the user (WRITE), remembered with the verified password
        events.publishEvent(new CredentialsChanged(agent.login()));
        return profile(find(id));
    }

    @DeleteMapping("/{id}")
    @Transactional
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        Agent agent = find(id);
        if (agent.currentCallId() != null || agents.hasCalls(id)) {
            throw new StateConflictException("agent '" + agent.login()
                    + "' has calls; take away their skills and AllowWrite"
                    + " instead, so the calls keep who handled them");
        }
        agents.delete(id);
        if (identity.createUserQuery().userId(agent.login()).count() > 0) {
            identity.deleteUser(agent.login());
            events.publishEvent(new CredentialsChanged(agent.login()));
        }
        return ResponseEntity.noContent().build();
    }

    private Agent find(UUID id) {
        return agents.find(id).orElseThrow(() -> new UnknownRecordException("agent", id));
    }

    private AgentProfile profile(Agent agent) {
        return new AgentProfile(agent.id(), agent.name(), agent.login(), agent.allowWrite(), agent.workplaceId(),
                agent.statusId(), agents.skillsOf(agent.id()), agents.languagesOf(agent.id()));
    }

    private References references(AgentRequest request) {
        if (request.workplaceId() != null && workplaces.find(request.workplaceId()).isEmpty()) {
            throw new InvalidInputException("workplaceId", "no workplace with id " + request.workplaceId());
        }
        Set<UUID> projectIds = distinct("projectIds", request.projectIds());
        for (UUID projectId : projectIds) {
            if (!projects.projectExists(projectId)) {
                throw new InvalidInputException("projectIds", "no project with id " + projectId);
            }
        }
        Set<UUID> languageIds = distinct("languageIds", request.languageIds());
        for (UUID languageId : languageIds) {
            if (languages.find(languageId).isEmpty()) {
                throw new InvalidInputException("languageIds", "no language with id " + languageId);
            }
        }
        return new References(request.workplaceId(), projectIds, languageIds);
    }

    private static Set<UUID> distinct(String field, List<UUID> ids) {
        if (ids == null) {
            return Set.of();
        }
        if (ids.contains(null)) {
            throw new InvalidInputException(field, "must not contain null");
        }
        return new LinkedHashSet<>(ids);
    }

    private void createEngineUser(String login, String name, String password) {
        if (identity.createGroupQuery().groupId(AGENTS_GROUP).count() == 0) {
            Group group = identity.newGroup(AGENTS_GROUP);
            group.setName("Agents");
            group.setType("WORKFLOW");
            identity.saveGroup(group);
        }
        User user = identity.newUser(login);
        setNames(user, name);
        user.setPassword(password);
        identity.saveUser(user);
        identity.createMembership(login, AGENTS_GROUP);
    }

    /** "Mary Ann Smith" → first name "Mary Ann", last name "Smith"; one word is the first name only. */
    private static void setNames(User user, String name) {
        int space = name.lastIndexOf(' ');
        user.setFirstName(space < 0 ? name : name.substring(0, space).strip());
        user.setLastName(space < 0 ? null : name.substring(space + 1));
    }

    /** The checked references of a request. */
    private record References(UUID workplaceId, Set<UUID> projectIds, Set<UUID> languageIds) {
    }

    /** POST and PUT /api/agents body; the password is written to the engine user, never stored or returned here. */
    record AgentRequest(String name, String login, String password, Boolean allowWrite, UUID workplaceId,
            List<UUID> projectIds, List<UUID> languageIds) {
    }
}
