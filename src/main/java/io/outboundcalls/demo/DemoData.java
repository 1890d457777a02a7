package io.outboundcalls.demo;

import io.outboundcalls.agent.ActivityType;
import io.outboundcalls.agent.Agent;
import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.agent.AgentStatus;
import io.outboundcalls.agent.AgentStatusRepository;
import io.outboundcalls.agent.LineState;
import io.outboundcalls.agent.Workplace;
import io.outboundcalls.agent.WorkplaceRepository;
import io.outboundcalls.campaign.OutboundList;
import io.outboundcalls.campaign.OutboundListRepository;
import io.outboundcalls.campaign.OutboundListState;
import io.outboundcalls.campaign.Project;
import io.outboundcalls.campaign.ProjectRepository;
import io.outboundcalls.result.CallResultDetail;
import io.outboundcalls.result.CallResultDetailRepository;
import io.outboundcalls.result.GeneralResult;
import io.outboundcalls.system.DemoDataCondition;
import io.outboundcalls.web.Authorities;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo data of API.md, written once on start where {@link DemoDataCondition} says so: users, the Demo project
 * with its Running "Demo campaign", statuses, call result details, agents and workplaces. Fixed ids keep scripts
 * simple. The groups and their grants come first, from the security configuration.
 */
@Component
@Conditional(DemoDataCondition.class)
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class DemoData implements ApplicationRunner {

    static final UUID LANGUAGE_ENGLISH = UUID.fromString("00000000-0000-4000-8000-00000000a001");
    static final UUID STATUS_READY = UUID.fromString("00000000-0000-4000-8000-00000000b001");
    static final UUID STATUS_WRAP_UP = UUID.fromString("00000000-0000-4000-8000-00000000b002");
    static final UUID STATUS_PAUSE = UUID.fromString("00000000-0000-4000-8000-00000000b003");
    static final UUID STATUS_OFFLINE = UUID.fromString("00000000-0000-4000-8000-00000000b004");
    static final UUID PROJECT_DEMO = UUID.fromString("00000000-0000-4000-8000-00000000c001");
    static final UUID LIST_DEMO_CAMPAIGN = UUID.fromString("00000000-0000-4000-8000-00000000d001");
    static final UUID WORKPLACE_1 = UUID.fromString("00000000-0000-4000-8000-00000000e001");
    static final UUID WORKPLACE_2 = UUID.fromString("00000000-0000-4000-8000-00000000e002");
    static final UUID AGENT_1 = UUID.fromString("00000000-0000-4000-8000-00000000f001");
    static final UUID AGENT_2 = UUID.fromString("00000000-0000-4000-8000-00000000f002");
    static final UUID AGENT_VIEWER = UUID.fromString("00000000-0000-4000-8000-00000000f003");

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    private final TransactionTemplate transaction;
    private final IdentityService identity;
    private final JdbcClient jdbc;
    private final AgentStatusRepository statuses;
    private final ProjectRepository projects;
    private final OutboundListRepository lists;
    private final WorkplaceRepository workplaces;
    private final AgentRepository agents;
    private final CallResultDetailRepository details;

    DemoData(IdentityService identity, JdbcClient jdbc, AgentStatusRepository statuses, ProjectRepository projects,
            OutboundListRepository lists, WorkplaceRepository workplaces, AgentRepository agents,
            CallResultDetailRepository details, PlatformTransactionManager transactionManager) {
        this.transaction = new TransactionTemplate(transactionManager);
        this.identity = identity;
        this.jdbc = jdbc;
        this.statuses = statuses;
        this.projects = projects;
        this.lists = lists;
        this.workplaces = workplaces;
        this.agents = agents;
        this.details = details;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            transaction.executeWithoutResult(tx -> write());
        } catch (DuplicateKeyException | ProcessEngineException e) {
            // two nodes on one empty database: the other node wrote the demo data first
            LOG.info("Demo data already written by another node: {}", e.getMessage());
        }
    }

    private void write() {
        user("admin", "Demo", "Administrator", Authorities.ADMIN_GROUP);
        user("agent1", "Agent", "One", Authorities.AGENTS_GROUP);
        user("agent2", "Agent", "Two", Authorities.AGENTS_GROUP);
        user("viewer", "Read-only", "Viewer", Authorities.AGENTS_GROUP);
        if (projects.find(PROJECT_DEMO).isPresent()) {
            return;
        }
        LOG.info("Writing the demo data: project Demo, list 'Demo campaign', agents agent1 and agent2");
        jdbc.sql("insert into language (id, name, code) values (:id, 'English', 'en')")
                .param("id", LANGUAGE_ENGLISH).update();
        statuses.insert(new AgentStatus(STATUS_READY, "Ready", ActivityType.Ready, true));
        statuses.insert(new AgentStatus(STATUS_WRAP_UP, "Wrap-up", ActivityType.PostCall, false));
        statuses.insert(new AgentStatus(STATUS_PAUSE, "Pause", ActivityType.Pause, false));
        statuses.insert(new AgentStatus(STATUS_OFFLINE, "Offline", ActivityType.Offline, false));
        projects.insert(new Project(PROJECT_DEMO, "Demo", "+420222000000", false, 30, STATUS_WRAP_UP, true, 120, 3, 0));
        lists.insert(new OutboundList(LIST_DEMO_CAMPAIGN, "Demo campaign", PROJECT_DEMO, null,
                OutboundListState.Running, null, null));
        workplaces.insert(new Workplace(WORKPLACE_1, "Workplace 1", "1001", null));
        workplaces.insert(new Workplace(WORKPLACE_2, "Workplace 2", "1002", null));
        agent(AGENT_1, "Agent One", "agent1", true, WORKPLACE_1);
        agent(AGENT_2, "Agent Two", "agent2", true, WORKPLACE_2);
        agent(AGENT_VIEWER, "Read-only Viewer", "viewer", false, null);
        // 1537 = Inbound + Outbound + Visitor, the seed's value for details visible on outbound calls
        detail("00000000-0000-4000-8000-000000001001", "Success", GeneralResult.Success, null);
        detail("00000000-0000-4000-8000-000000001002", "Wrong number", GeneralResult.Failed, null);
        detail("00000000-0000-4000-8000-000000001003", "Does not wish to be contacted", GeneralResult.Failed, null);
        detail("00000000-0000-4000-8000-000000001004", "Busy", GeneralResult.Busy, null);
        detail("00000000-0000-4000-8000-000000001005", "No answer", GeneralResult.NoAnswer, null);
        detail("00000000-0000-4000-8000-000000001006", "Call another time", GeneralResult.Rescheduled, 3600);
    }

    private void user(String login, String firstName, String lastName, String groupId) {
        if (identity.createUserQuery().userId(login).count() == 0) {
            User user = identity.newUser(login);
            user.setFirstName(firstName);
            user.setLastName(lastName);
            user.setPassword(login);
            identity.saveUser(user);
            identity.createMembership(login, groupId);
        }
    }

    private void agent(UUID id, String name, String login, boolean allowWrite, UUID workplaceId) {
        agents.insert(new Agent(id, name, login, allowWrite, workplaceId, STATUS_OFFLINE, LineState.Free,
                null, null, null, null));
        agents.addSkills(id, List.of(PROJECT_DEMO));
        agents.addLanguages(id, List.of(LANGUAGE_ENGLISH));
    }

    private void detail(String id, String name, GeneralResult generalResult, Integer rescheduleAfterSeconds) {
        details.insert(new CallResultDetail(UUID.fromString(id), name, generalResult, 1537, false,
                rescheduleAfterSeconds, List.of(), List.of()));
    }
}
