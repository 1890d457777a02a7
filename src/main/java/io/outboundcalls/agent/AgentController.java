package io.outboundcalls.agent;

import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.domain.UnknownRecordException;
import io.outboundcalls.web.CurrentUser;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The authenticated agent: their state, and the status they choose. */
@RestController
class AgentController {

    private final AgentRepository agents;
    private final AgentStatusRepository statuses;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AgentController(AgentRepository agents, AgentStatusRepository statuses, ApplicationEventPublisher events,
            Clock clock) {
        this.agents = agents;
        this.statuses = statuses;
        this.events = events;
        this.clock = clock;
    }

    @GetMapping("/api/agent")
    AgentView current() {
        return view(currentAgent());
    }

    /** Not transactional: the status is stored first, so the offer it may take back sees the agent's new status. */
    @PutMapping("/api/agent/status")
    AgentView changeStatus(@RequestBody StatusChange change) {
        Agent agent = currentAgent();
        if (change.statusId() == null) {
            throw new InvalidInputException("statusId", "is required");
        }
        AgentStatus status = statuses.find(change.statusId()).orElseThrow(() ->
                new InvalidInputException("statusId", "no agent status with id " + change.statusId()));
        agents.changeStatus(agent.id(), change.statusId(), OffsetDateTime.now(clock));
        events.publishEvent(new AgentStatusChanged(agent.id(), status.activityType()));
        return view(agents.find(agent.id()).orElseThrow());
    }

    private Agent currentAgent() {
        String login = CurrentUser.get().login();
        return agents.findByLogin(login).orElseThrow(() -> new UnknownRecordException("agent with login", login));
    }

    private AgentView view(Agent agent) {
        ActivityType activity = agent.statusId() == null ? ActivityType.Offline
                : statuses.find(agent.statusId()).map(AgentStatus::activityType).orElse(ActivityType.Offline);
        return new AgentView(agent.id(), agent.statusId(), activity, agent.lineState(), agent.workplaceId(),
                agent.currentCallId());
    }

    /** PUT /api/agent/status body. */
    record StatusChange(UUID statusId) {
    }
}
