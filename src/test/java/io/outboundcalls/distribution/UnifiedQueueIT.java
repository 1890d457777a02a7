package io.outboundcalls.distribution;

import static io.outboundcalls.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import io.outboundcalls.system.ConfigParameter;
import io.outboundcalls.system.ConfigParameters;
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
 * The unified queue over HTTP: other channels report an agent's workload with PUT /api/agents/{id}/workload, the
 * engine adds its own call or Visitor record, and with UnifiedQueue on an agent at capacity is offered nothing.
 */
@RunningEngineTest
class UnifiedQueueIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;
    @Autowired
    DistributionCycle cycle;
    @Autowired
    ConfigParameters config;

    Campaign campaign;

    @BeforeEach
    void ownCampaign() {
        campaign = Campaign.create(jdbc, identity, port);
    }

    @AfterEach
    void unifiedQueueOff() {
        config.store(ConfigParameter.UnifiedQueue, "false");
        config.clearCache();
        campaign.close();
    }

    @Test
    void agentAtTheCapacityReportedByAnotherChannelGetsNoOfferAndTheCheckSaysWhy() {
        UUID agent = campaign.agent("busyelsewhere");
        Api supervisor = supervisor();
        Api.Reply reported = supervisor.put("/api/agents/" + agent + "/workload",
                "{\"activeInteractions\":2,\"capacity\":2}");
        assertThat(reported.status()).as(reported.toString()).isEqualTo(200);
        assertThat(reported.json().get("totalInteractions").asInt()).isEqualTo(2);
        assertThat(reported.json().get("atCapacity").asBoolean()).isTrue();
        config.store(ConfigParameter.UnifiedQueue, "true");
        config.clearCache();
        campaign.setStatus(agent, "Ready");
        UUID call = campaign.call("");
        Await.until("the call's process to wait", Duration.ofSeconds(10), () -> campaign.distributionCheck(call),
                check -> Campaign.check(check, "ProcessWaitingForAgent").get("passed").asBoolean());

        cycle.runOnce();
        campaign.awaitCyclesHolding(agent);

        assertThat(campaign.offeredAgents(call)).isEmpty();
        JsonNode capacity = Campaign.check(campaign.distributionCheck(call), "CapacityFree");
        assertThat(capacity.get("passed").asBoolean()).isFalse();
        assertThat(capacity.get("detail").asText()).contains("2 of 2", "2 reported by other channels", "at capacity");

        assertThat(supervisor.put("/api/agents/" + agent + "/workload", "{\"activeInteractions\":1,\"capacity\":2}")
                .status()).isEqualTo(200);
        cycle.runOnce();
        campaign.awaitCyclesHolding(agent);
        assertThat(campaign.offeredAgents(call)).containsExactly(agent);
    }

    @Test
    void theEnginesOwnVisitorRecordCountsAsAnInteraction() {
        UUID agent = campaign.agent("visitor");
        Api.Reply before = campaign.admin().get("/api/agents/" + agent + "/workload");
        assertThat(before.json().get("engineInteractions").asInt()).isZero();

        Api.Reply visit = campaign.as(agent).post("/api/calls/visitor", "{}");
        assertThat(visit.status()).as(visit.toString()).isEqualTo(201);

        JsonNode workload = campaign.admin().get("/api/agents/" + agent + "/workload").json();
        assertThat(workload.get("engineInteractions").asInt()).isEqualTo(1);
        assertThat(workload.get("activeInteractions").asInt()).isZero();
        assertThat(workload.get("totalInteractions").asInt()).isEqualTo(1);
        assertThat(workload.get("capacity").asInt()).isEqualTo(1);
        assertThat(workload.get("atCapacity").asBoolean()).isTrue();
    }

    @Test
    void onlySupervisorsAndAdministratorsReportAWorkload() {
        UUID agent = campaign.agent("reported");
        String body = "{\"activeInteractions\":1,\"capacity\":3}";

        assertProblem(Api.anonymous(port).put("/api/agents/" + agent + "/workload", body), 401, null);
        // the refusal names the right this endpoint needs, not the AllowWrite that the agent has
        assertProblem(campaign.as(agent).put("/api/agents/" + agent + "/workload", body), 403,
                "needs group supervisors or camunda-admin");
        assertThat(campaign.admin().put("/api/agents/" + agent + "/workload", body).status()).isEqualTo(200);
        assertThat(supervisor().put("/api/agents/" + agent + "/workload", body).status()).isEqualTo(200);
        assertThat(campaign.admin().get("/api/agents/" + agent + "/workload").json().get("capacity").asInt())
                .isEqualTo(3);
    }

    @Test
    void badWorkloadValuesAreProblemsAndChangeNothing() {
        UUID agent = campaign.agent("badload");
        Api admin = campaign.admin();
        String path = "/api/agents/" + agent + "/workload";

        assertProblem(admin.put(path, "{\"activeInteractions\":-1,\"capacity\":2}"), 400, "activeInteractions");
        assertProblem(admin.put(path, "{\"activeInteractions\":0,\"capacity\":0}"), 400, "capacity");
        assertProblem(admin.put(path, "{\"capacity\":2}"), 400, "activeInteractions");
        assertProblem(admin.put(path, "{\"activeInteractions\":1}"), 400, "capacity");
        assertProblem(admin.put(path, "{\"activeInteractions\":\"many\",\"capacity\":2}"), 400, null);
        assertProblem(admin.put(path, "{\"activeInteractions\":1,\"capacity\":100000}"), 400, "capacity");
        assertProblem(admin.put("/api/agents/" + UUID.randomUUID() + "/workload",
                "{\"activeInteractions\":1,\"capacity\":2}"), 404, null);

        JsonNode workload = admin.get(path).json();
        assertThat(workload.get("activeInteractions").asInt()).isZero();
        assertThat(workload.get("capacity").asInt()).isEqualTo(1);
    }

    /** A user in the engine group supervisors (no agent row needed to report another channel's workload). */
    private Api supervisor() {
        String login = "sup" + UUID.randomUUID().toString().substring(0, 8);
        var user = identity.newUser(login);
        user.setPassword(login);
        identity.saveUser(user);
        identity.createMembership(login, "supervisors");
        return Api.as(port, login, login);
    }
}
