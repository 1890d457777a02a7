package io.outboundcalls.agent;

import io.outboundcalls.domain.NotPermittedException;
import io.outboundcalls.web.CurrentUser;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Whom the authenticated user may act for (API.md): an agent for themselves only; supervisors and administrators
 * for any agent (AgentId on the bar, predistribution to another agent, another agent's call).
 */
@Component
public class ActingAgent {

    private final AgentRepository agents;

    ActingAgent(AgentRepository agents) {
        this.agents = agents;
    }

    /** Refuses (403) when agentId names an agent other than the user's own and the user may not act for others. */
    public void requireMayActFor(CurrentUser user, UUID agentId) {
        if (agentId == null || user.actsForOthers()) {
            return;
        }
        UUID own = agents.findByLogin(user.login()).map(Agent::id).orElse(null);
        if (!agentId.equals(own)) {
            throw new NotPermittedException("user " + user.login() + " acts only for themselves; acting for agent "
                    + agentId + " needs the group supervisors");
        }
    }
}
