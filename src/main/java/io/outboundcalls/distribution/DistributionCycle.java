package io.outboundcalls.distribution;

import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.process.CallEventCorrelator;
import io.outboundcalls.process.CallMessages;
import io.outboundcalls.process.CallVariables;
import io.outboundcalls.system.OutboundProperties;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cyclic distribution of calls, on every node: picks up rows written by SQL, then offers each Ready agent the
 * best due call. Each offer is one short transaction that locks the agent and the call with SKIP LOCKED, marks the
 * call Offered and correlates CallOffered, so no call is offered twice and no agent holds two offers, on any number
 * of nodes.
 */
@Component
public class DistributionCycle implements SchedulingConfigurer {

    private static final Logger LOG = LoggerFactory.getLogger(DistributionCycle.class);
    private static final int CANDIDATES_PER_AGENT = 5;

    private final DistributionRepository distribution;
    private final OutboundCallRepository calls;
    private final AgentRepository agents;
    private final CallEventCorrelator correlator;
    private final SqlIntegrationPickup pickup;
    private final TransactionTemplate transaction;
    private final OutboundProperties.Distribution settings;
    private final Clock clock;

    DistributionCycle(DistributionRepository distribution, OutboundCallRepository calls, AgentRepository agents,
            CallEventCorrelator correlator, SqlIntegrationPickup pickup, PlatformTransactionManager transactionManager,
            OutboundProperties properties, Clock clock) {
        this.distribution = distribution;
        this.calls = calls;
        this.agents = agents;
        this.correlator = correlator;
        this.pickup = pickup;
        this.transaction = new TransactionTemplate(transactionManager);
        this.settings = properties.distribution();
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (settings.enabled()) {
            registrar.addFixedDelayTask(this::runOnce, settings.interval());
        }
    }

    /** One cycle; returns the number of calls offered. */
    public int runOnce() {
        try {
            pickup.run(settings.pickupBatchSize());
            return offerDueCalls();
        } catch (RuntimeException e) {
            LOG.error("Distribution cycle failed; the next cycle tries again", e);
            return 0;
        }
    }

    private int offerDueCalls() {
        int offered = 0;
        List<ReadyAgent> readyAgents = distribution.findReadyAgents(OffsetDateTime.now(clock));
        for (ReadyAgent agent : readyAgents) {
            try {
                if (Boolean.TRUE.equals(transaction.execute(tx -> offerBestCall(agent)))) {
                    offered++;
                }
            } catch (RuntimeException e) {
                LOG.warn("Offer to agent {} failed and was rolled back: {}", agent.login(), e.toString());
            }
        }
        return offered;
    }

    private boolean offerBestCall(ReadyAgent agent) {
        if (!distribution.lockFreeAgent(agent.id())) {
            return false;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (UUID callId : distribution.findDueCallsFor(agent, now, CANDIDATES_PER_AGENT)) {
            if (distribution.lockDueCall(callId)) {
                calls.markOffered(callId, agent.id(), agent.workplaceId(), now);
                agents.occupyLine(agent.id(), callId, now);
                correlator.correlateNow(callId, CallMessages.CALL_OFFERED, Map.of(
                        CallVariables.AGENT_ID, agent.id().toString(),
                        CallVariables.AGENT_LOGIN, agent.login()));
                LOG.debug("Call {} offered to agent {}", callId, agent.login());
                return true;
            }
        }
        return false;
    }
}
