package io.outboundcalls.distribution;

import io.outboundcalls.agent.Agent;
import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.agent.AgentStatusChanged;
import io.outboundcalls.call.OutboundCall;
import io.outboundcalls.domain.UnknownRecordException;
import io.outboundcalls.web.CurrentUser;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The agent's answer to an offer: POST /api/agent/offer/reject; leaving Ready declines a ringing offer too. */
@RestController
class OfferController {

    private final AgentRepository agents;
    private final OfferDecline decline;

    OfferController(AgentRepository agents, OfferDecline decline) {
        this.agents = agents;
        this.decline = decline;
    }

    @PostMapping("/api/agent/offer/reject")
    OutboundCall reject() {
        String login = CurrentUser.get().login();
        Agent agent = agents.findByLogin(login)
                .orElseThrow(() -> new UnknownRecordException("agent with login", login));
        return decline.reject(agent);
    }

    @EventListener
    void onStatusChange(AgentStatusChanged change) {
        if (!change.ready()) {
            decline.agentLeftReady(change.agentId());
        }
    }
}
