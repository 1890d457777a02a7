package io.outboundcalls.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The seed's bulk action "Schedule outbound calls" end to end (POST /api/calls/enqueue): calls of a project that
 * schedules manually wait in Manual; released without an agent they go to whoever is Ready, released for an agent
 * they are predistributed and offered to that agent only.
 */
@RunningEngineTest
class BulkEnqueueIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;

    Campaign campaign;

    @BeforeEach
    void campaignThatSchedulesManually() {
        campaign = Campaign.create(jdbc, identity, port);
        jdbc.sql("update project set manual_scheduling = true where id = :id").param("id", campaign.project).update();
    }

    @AfterEach
    void agentsGoOffline() {
        campaign.close();
    }

    @Test
    void callsReleasedWithoutAnAgentGoToTheReadyAgents() {
        UUID first = campaign.agent("bulkany");
        UUID second = campaign.agent("bulkany");
        List<UUID> calls = List.of(campaign.call(""), campaign.call(""));
        calls.forEach(call -> assertThat(campaign.phase(call)).isEqualTo("Manual"));
        campaign.setStatus(first, "Ready");
        campaign.setStatus(second, "Ready");
        assertThat(calls.stream().map(campaign::offeredAgents)).as("nothing offered while in Manual")
                .allMatch(List::isEmpty);

        Api.Reply reply = campaign.admin().post("/api/calls/enqueue", ids(calls, null));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("enqueued").asInt()).isEqualTo(2);
        for (JsonNode call : reply.json().get("calls")) {
            assertThat(call.get("callPhase").asText()).isEqualTo("Enqueue");
            assertThat(call.get("predistributed").asBoolean()).isFalse();
        }
        List<UUID> offeredTo = calls.stream().map(campaign::awaitOffer).toList();
        assertThat(offeredTo).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void callsReleasedForAnAgentAreOfferedToThatAgentOnly() {
        UUID waitingLonger = campaign.agent("bulkother");
        UUID chosen = campaign.agent("bulkchosen");
        List<UUID> calls = List.of(campaign.call(""), campaign.call(""));
        campaign.setStatus(waitingLonger, "Ready");
        campaign.setStatus(chosen, "Ready");

        Api.Reply reply = campaign.admin().post("/api/calls/enqueue", ids(calls, chosen));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        for (JsonNode call : reply.json().get("calls")) {
            assertThat(call.get("callPhase").asText()).isEqualTo("Enqueue");
            assertThat(call.get("predistributed").asBoolean()).isTrue();
            assertThat(call.get("agentId").asText()).isEqualTo(chosen.toString());
        }
        // the chosen agent takes one call after the other; the agent Ready longer gets none of them
        for (UUID call : calls) {
            Await.until("call " + call + " offered", Duration.ofSeconds(40), () -> campaign.offeredAgents(call),
                    agents -> !agents.isEmpty());
            assertThat(campaign.offeredAgents(call)).containsOnly(chosen);
        }
    }

    private static String ids(List<UUID> calls, UUID agent) {
        String ids = String.join(",", calls.stream().map(id -> "\"" + id + "\"").toList());
        return agent == null ? "{\"ids\":[" + ids + "]}" : "{\"ids\":[" + ids + "],\"agentId\":\"" + agent + "\"}";
    }
}
