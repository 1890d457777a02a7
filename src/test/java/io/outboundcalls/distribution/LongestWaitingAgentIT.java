package io.outboundcalls.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import java.time.Duration;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A call goes to the agent who has waited longest for one: since their last status change or since the end of their
 * last call, whichever came later. Agents who stay Ready all day do not keep the order in which they went Ready.
 */
@RunningEngineTest
class LongestWaitingAgentIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;

    Campaign campaign;

    @BeforeEach
    void ownCampaign() {
        campaign = Campaign.create(jdbc, identity, port);
    }

    @AfterEach
    void agentsGoOffline() {
        campaign.close();
    }

    @Test
    void agentWhoseCallJustEndedWaitsBehindTheAgentWhoWaitedLonger() {
        UUID first = campaign.agent("waitfirst");
        UUID second = campaign.agent("waitsecond");
        campaign.setStatus(first, "Ready");
        campaign.setStatus(second, "Ready");

        UUID earlierCall = campaign.call("");
        assertThat(campaign.awaitOffer(earlierCall)).as("the agent Ready first waited longer").isEqualTo(first);
        awaitFinished(earlierCall);

        // the first agent is Ready again, but has waited only since their call ended; the second since going Ready
        UUID laterCall = campaign.call("");
        assertThat(campaign.awaitOffer(laterCall)).isEqualTo(second);
        assertThat(jdbc.sql("select line_freed_at is not null from agent where id = :id").param("id", first)
                .query(Boolean.class).single()).as("the end of the call is recorded on the agent").isTrue();
    }

    @Test
    void agentWhoChangedStatusLastWaitsBehindAnAgentIdleSinceTheirCallEnded() {
        UUID first = campaign.agent("idlefirst");
        UUID second = campaign.agent("idlesecond");
        campaign.setStatus(first, "Ready");
        UUID earlierCall = campaign.call("");
        assertThat(campaign.awaitOffer(earlierCall)).isEqualTo(first);
        awaitFinished(earlierCall);

        campaign.setStatus(second, "Ready");
        UUID laterCall = campaign.call("");
        assertThat(campaign.awaitOffer(laterCall)).as("the first agent's wait began when their call ended")
                .isEqualTo(first);
    }

    private void awaitFinished(UUID call) {
        Await.until("call " + call + " Finished", Duration.ofSeconds(15), () -> campaign.phase(call),
                "Finished"::equals);
    }
}
