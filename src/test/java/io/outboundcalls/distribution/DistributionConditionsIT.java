package io.outboundcalls.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import io.outboundcalls.system.ConfigParameter;
import io.outboundcalls.system.ConfigParameters;
import io.outboundcalls.system.OutboundProperties;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
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
 * One test per condition of the seed's "Common issues" list: the call is not offered while the condition fails, the
 * distribution check names that condition, and the call is offered once the condition holds.
 */
@RunningEngineTest
class DistributionConditionsIT {

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
    @Autowired
    OutboundProperties properties;

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
    void callOfAListThatIsNotRunningWaitsUntilTheListRuns() {
        sql("update outbound_list set state = 'Paused' where id = :id", campaign.list);
        UUID agent = readyAgent();
        UUID call = campaign.call("");

        assertNotOfferedBecause(call, "OutboundListRunning");

        sql("update outbound_list set state = 'Running' where id = :id", campaign.list);
        assertThat(campaign.awaitOffer(call)).isEqualTo(agent);
    }

    @Test
    void manualCallWaitsUntilItIsEnqueued() {
        sql("update project set manual_scheduling = true where id = :id", campaign.project);
        UUID agent = readyAgent();
        UUID call = campaign.call("");
        assertThat(campaign.phase(call)).isEqualTo("Manual");

        assertNotOfferedBecause(call, "StatusScheduledPhaseEnqueue");
        assertThat(Campaign.check(campaign.distributionCheck(call), "StatusScheduledPhaseEnqueue").get("detail")
                .asText()).contains("Manual");

        assertThat(campaign.admin().post("/api/calls/" + call + "/enqueue", "{}").status()).isEqualTo(200);
        assertThat(campaign.awaitOffer(call)).isEqualTo(agent);
    }

    @Test
    void callWhoseTimeWindowHasNotOpenedWaits() {
        UUID agent = readyAgent();
        UUID call = campaign.call("\"timeFrom\":\"" + OffsetDateTime.now().plusHours(1) + "\"");

        assertNotOfferedBecause(call, "InTimeWindow");

        assertThat(campaign.admin().send("PATCH", "/api/calls/" + call, "application/json", "{\"timeFrom\":null}")
                .status()).isEqualTo(200);
        assertThat(campaign.awaitOffer(call)).isEqualTo(agent);
    }

    @Test
    void callOutsideTheListsDailyWindowWaits() {
        LocalTime now = LocalTime.now(properties.timeZone());
        LocalTime[] closed = closedWindowAround(now);
        jdbc.sql("update outbound_list set time_from = :from, time_to = :to where id = :id")
                .param("from", closed[0]).param("to", closed[1]).param("id", campaign.list).update();
        UUID agent = readyAgent();
        UUID call = campaign.call("");

        assertNotOfferedBecause(call, "InTimeWindow");
        assertThat(Campaign.check(campaign.distributionCheck(call), "InTimeWindow").get("detail").asText())
                .contains("dials from");

        LocalTime[] open = openWindowAround(now);
        jdbc.sql("update outbound_list set time_from = :from, time_to = :to where id = :id")
                .param("from", open[0]).param("to", open[1]).param("id", campaign.list).update();
        assertThat(campaign.awaitOffer(call)).isEqualTo(agent);
    }

    /** The windows the daily-window test sets hold whenever it runs, the minutes around midnight included. */
    @Test
    void dailyWindowsOfTheWindowTestHoldAtEveryMinuteOfTheDay() {
        for (int minute = 0; minute < 24 * 60; minute++) {
            LocalTime now = LocalTime.MIDNIGHT.plusMinutes(minute);
            // the cycle reads the clock a little later than the test did
            LocalTime cycle = now.plusSeconds(30);
            LocalTime[] closed = closedWindowAround(now);
            LocalTime[] open = openWindowAround(now);
            assertThat(DistributionConditions.inListWindow(closed[0], closed[1], cycle)).as("closed at %s", now)
                    .isFalse();
            assertThat(DistributionConditions.inListWindow(open[0], open[1], cycle)).as("open at %s", now).isTrue();
        }
    }

    /** A window that opens in two hours; over midnight when it starts before and ends after. */
    private static LocalTime[] closedWindowAround(LocalTime now) {
        return new LocalTime[] {now.plusHours(2), now.plusHours(3)};
    }

    /** A window from an hour ago to an hour ahead, over midnight near midnight. */
    private static LocalTime[] openWindowAround(LocalTime now) {
        return new LocalTime[] {now.minusHours(1), now.plusHours(1)};
    }

    @Test
    void callScheduledForLaterWaitsForItsScheduleTime() {
        UUID agent = readyAgent();
        UUID call = campaign.call("\"scheduleTime\":\"" + OffsetDateTime.now().plusHours(1) + "\"");

        assertNotOfferedBecause(call, "ScheduleTimeReached");

        assertThat(campaign.admin().send("PATCH", "/api/calls/" + call, "application/json",
                "{\"scheduleTime\":\"" + OffsetDateTime.now().minusSeconds(1) + "\"}").status()).isEqualTo(200);
        assertThat(campaign.awaitOffer(call)).isEqualTo(agent);
    }

    @Test
    void callIsNeglectedAfterTheMaxOfferAttemptsAndNeverOfferedAgain() {
        sql("update project set max_offer_attempts = 1 where id = :id", campaign.project);
        UUID agent = campaign.agentAt("noanswer", "7001");
        campaign.setStatus(agent, "Ready");
        UUID call = campaign.call("");

        assertThat(campaign.awaitOffer(call)).isEqualTo(agent);
        Await.until("the unanswered offer to neglect the call", Duration.ofSeconds(15), () -> callResult(call),
                "Neglected"::equals);

        JsonNode check = campaign.distributionCheck(call);
        assertThat(Campaign.check(check, "NotNeglected").get("passed").asBoolean()).isFalse();
        assertThat(Campaign.check(check, "NotNeglected").get("detail").asText()).contains("max offer attempts 1");
        cycle.runOnce();
        assertThat(campaign.offeredAgents(call)).hasSize(1);
        assertThat(offerOutcomes(call)).containsExactly("NoAnswer");
        assertThat(lineOf(agent)).as("the agent's line is free again").isNull();
    }

    @Test
    void agentWithoutTheProjectSkillIsNotOffered() {
        UUID agent = readyAgent();
        sql("delete from agent_project_skill where agent_id = :id", agent);
        UUID call = campaign.call("");

        assertNotOfferedBecause(call, "ProjectSkill");

        jdbc.sql("insert into agent_project_skill (agent_id, project_id) values (:a, :p)")
                .param("a", agent).param("p", campaign.project).update();
        assertThat(campaign.awaitOffer(call)).isEqualTo(agent);
    }

    @Test
    void callInALanguageTheAgentDoesNotSpeakWaits() {
        UUID english = jdbc.sql("select id from language where code = 'en'").query(UUID.class).single();
        UUID agent = readyAgent();
        UUID call = campaign.call("\"languageId\":\"" + english + "\"");

        assertNotOfferedBecause(call, "LanguageProficiency");

        jdbc.sql("insert into agent_language (agent_id, language_id) values (:a, :l)")
                .param("a", agent).param("l", english).update();
        assertThat(campaign.awaitOffer(call)).isEqualTo(agent);
    }

    @Test
    void unifiedQueueCapacityRuleBlocksAnAgentWithOtherWork() {
        UUID agent = readyAgent();
        sql("update agent set active_interactions = 1, capacity = 1 where id = :id", agent);
        config.store(ConfigParameter.UnifiedQueue, "true");
        config.clearCache();
        try {
            UUID call = campaign.call("");

            assertNotOfferedBecause(call, "CapacityFree");

            sql("update agent set active_interactions = 0 where id = :id", agent);
            assertThat(campaign.awaitOffer(call)).isEqualTo(agent);
        } finally {
            config.store(ConfigParameter.UnifiedQueue, "false");
            config.clearCache();
        }
    }

    @Test
    void capacityRuleDoesNotApplyWithoutTheUnifiedQueue() {
        UUID agent = readyAgent();
        sql("update agent set active_interactions = 3, capacity = 1 where id = :id", agent);

        assertThat(campaign.awaitOffer(campaign.call(""))).isEqualTo(agent);
    }

    @Test
    void agentWhoseLineIsBusyIsNotOffered() {
        UUID agent = readyAgent();
        sql("update agent set line_state = 'Busy' where id = :id", agent);
        UUID call = campaign.call("");

        assertNotOfferedBecause(call, "LineFree");

        sql("update agent set line_state = 'Free' where id = :id", agent);
        assertThat(campaign.awaitOffer(call)).isEqualTo(agent);
    }

    @Test
    void agentBlockedAfterAnUnansweredOfferGetsNoOfferUntilTheHoldOffEnds() {
        UUID agent = campaign.agentAt("blocked", "7002");
        sql("update workplace set agent_blocked_seconds = 4 where id = (select workplace_id from agent where id = :id)",
                agent);
        campaign.setStatus(agent, "Ready");
        UUID call = campaign.call("");
        assertThat(campaign.awaitOffer(call)).isEqualTo(agent);

        Await.until("the unanswered offer back in the queue", Duration.ofSeconds(15), () -> offerOutcomes(call),
                outcomes -> outcomes.contains("NoAnswer"));
        Await.until("the call waiting again", Duration.ofSeconds(10), () -> campaign.phase(call), "Enqueue"::equals);
        JsonNode check = campaign.distributionCheck(call);
        assertThat(firstFailing(check)).isEqualTo("NotBlocked");
        cycle.runOnce();
        assertThat(campaign.offeredAgents(call)).hasSize(1);

        Await.until("a second offer after the hold-off", Duration.ofSeconds(15), () -> campaign.offeredAgents(call),
                agents -> agents.size() == 2);
        assertThat(campaign.offeredAgents(call)).containsOnly(agent);
    }

    @Test
    void predistributedCallWaitsForAReadyStatusThatAllowsIt() {
        UUID strictReady = UUID.randomUUID();
        jdbc.sql("""
                insert into agent_status (id, name, activity_type, allows_predistributed)
                values (:id, :name, 'Ready', false)
                """).param("id", strictReady).param("name", "Ready, no predist " + strictReady).update();
        UUID agent = campaign.agent("predist");
        jdbc.sql("update agent set status_id = :status where id = :id").param("status", strictReady)
                .param("id", agent).update();
        UUID call = campaign.call("\"predist\":true,\"agentId\":\"" + agent + "\"");

        assertNotOfferedBecause(call, "ReadyAllowsPredistributed");

        campaign.setStatus(agent, "Ready");
        assertThat(campaign.awaitOffer(call)).isEqualTo(agent);
    }

    @Test
    void predistributedCallGoesOnlyToItsAgent() {
        UUID other = readyAgent();
        UUID chosen = campaign.agent("chosen");
        UUID call = campaign.call("\"predist\":true,\"agentId\":\"" + chosen + "\"");

        assertNotOfferedBecause(call, "ReadyAllowsPredistributed");
        assertThat(campaign.distributionCheck(call).get("eligibleAgents")).isEmpty();

        campaign.setStatus(chosen, "Ready");
        assertThat(campaign.awaitOffer(call)).isEqualTo(chosen).isNotEqualTo(other);
    }

    @Test
    void predistributedCallsComeFirstThenPriorityThenScheduleTime() {
        UUID agent = campaign.agent("order");
        OffsetDateTime earlier = OffsetDateTime.now().minusMinutes(10).truncatedTo(ChronoUnit.SECONDS);
        UUID oldLowPriority = campaign.call("\"priority\":0,\"scheduleTime\":\"" + earlier + "\"");
        UUID newLowPriority = campaign.call("\"priority\":0,\"scheduleTime\":\"" + earlier.plusMinutes(5) + "\"");
        UUID highPriority = campaign.call("\"priority\":5,\"scheduleTime\":\"" + earlier.plusMinutes(8) + "\"");
        UUID predistributed = campaign.call("\"priority\":0,\"predist\":true,\"agentId\":\"" + agent + "\"");

        campaign.setStatus(agent, "Ready");
        for (UUID call : List.of(predistributed, highPriority, oldLowPriority, newLowPriority)) {
            campaign.awaitOffer(call);
        }
        List<UUID> order = jdbc.sql("select call_id from call_offer where agent_id = :agent order by offered_at")
                .param("agent", agent).query(UUID.class).list();
        assertThat(order).containsExactly(predistributed, highPriority, oldLowPriority, newLowPriority);
    }

    @Test
    void refusedOfferGoesBackToTheQueueAndCountsAnOffer() {
        UUID agent = campaign.agentAt("refuses", "7003");
        sql("update workplace set agent_blocked_seconds = 60 where id = (select workplace_id from agent where id = :id)",
                agent);
        campaign.setStatus(agent, "Ready");
        UUID call = campaign.call("");
        campaign.awaitOffer(call);
        Await.until("the agent's phone ringing", Duration.ofSeconds(10), () -> campaign.phase(call),
                "Dialing"::equals);

        JsonNode refused = campaign.as(agent).post("/api/agent/offer/reject", "").json();

        assertThat(refused.get("id").asText()).isEqualTo(call.toString());
        assertThat(offerOutcomes(call)).containsExactly("Rejected");
        Await.until("the call back in the queue", Duration.ofSeconds(10), () -> campaign.phase(call),
                "Enqueue"::equals);
        assertThat(jdbc.sql("select offer_count from outbound_call where id = :id").param("id", call)
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(lineOf(agent)).isNull();
        assertThat(firstFailing(campaign.distributionCheck(call))).as("the refusal blocks the agent")
                .isEqualTo("NotBlocked");
        assertThat(campaign.as(agent).post("/api/agent/offer/reject", "").status())
                .as("nothing left to refuse").isEqualTo(409);
    }

    @Test
    void agentWhoGoesOnPauseWhileTheCallRingsGivesTheOfferBack() {
        UUID agent = campaign.agentAt("pauses", "7004");
        campaign.setStatus(agent, "Ready");
        UUID call = campaign.call("");
        campaign.awaitOffer(call);
        Await.until("the agent's phone ringing", Duration.ofSeconds(10), () -> campaign.phase(call),
                "Dialing"::equals);

        campaign.setStatus(agent, "Pause");

        assertThat(offerOutcomes(call)).containsExactly("AgentPaused");
        Await.until("the call back in the queue", Duration.ofSeconds(10), () -> campaign.phase(call),
                "Enqueue"::equals);
        assertThat(firstFailing(campaign.distributionCheck(call))).isEqualTo("ReadyAllowsPredistributed");
    }

    @Test
    void seedsSqlUpdateReleasesAManualCallToTheAgent() {
        sql("update project set manual_scheduling = true where id = :id", campaign.project);
        UUID other = readyAgent();
        UUID agent = readyAgent();
        UUID call = campaign.call("");
        assertNotOfferedBecause(call, "StatusScheduledPhaseEnqueue");

        // The seed's statement, as an integrator's data grid runs it against the database.
        int updated = jdbc.sql("""
                UPDATE outbound_call
                SET call_phase = 'Enqueue', agent_id = :agentId, predistributed = true
                WHERE :id = id AND call_phase = 'Manual'
                """).param("agentId", agent).param("id", call).update();

        assertThat(updated).isEqualTo(1);
        assertThat(campaign.awaitOffer(call)).isEqualTo(agent).isNotEqualTo(other);
    }

    @Test
    void rowInsertedBySqlGetsItsProcessInstanceAndIsOffered() {
        UUID agent = readyAgent();
        UUID call = UUID.randomUUID();
        jdbc.sql("""
                insert into outbound_call (id, number, outbound_list_id, project_id)
                values (:id, '+420724555123', :list, :project)
                """).param("id", call).param("list", campaign.list).param("project", campaign.project).update();

        assertThat(campaign.awaitOffer(call)).isEqualTo(agent);
        assertThat(jdbc.sql("select process_instance_id from outbound_call where id = :id").param("id", call)
                .query(String.class).single()).isNotNull();
    }

    private UUID readyAgent() {
        UUID agent = campaign.agent("agent");
        campaign.setStatus(agent, "Ready");
        return agent;
    }

    /** Runs cycles and checks that the call stays unoffered and that the check names the condition first. */
    private void assertNotOfferedBecause(UUID call, String condition) {
        Await.until("the call's process to wait", Duration.ofSeconds(10), () -> campaign.distributionCheck(call),
                check -> Campaign.check(check, "ProcessWaitingForAgent").get("passed").asBoolean()
                        || "Manual".equals(campaign.phase(call)));
        for (int i = 0; i < 3; i++) {
            cycle.runOnce();
        }
        assertThat(campaign.offeredAgents(call)).as("offers of %s while %s fails", call, condition).isEmpty();
        JsonNode check = campaign.distributionCheck(call);
        assertThat(check.get("ready").asBoolean()).isFalse();
        assertThat(firstFailing(check)).as(check.toString()).isEqualTo(condition);
        assertThat(Campaign.check(check, condition).get("detail").asText()).isNotBlank();
    }

    private static String firstFailing(JsonNode check) {
        for (JsonNode c : check.get("checks")) {
            if (!c.get("passed").asBoolean()) {
                return c.get("name").asText();
            }
        }
        return null;
    }

    private List<String> offerOutcomes(UUID call) {
        return jdbc.sql("select outcome from call_offer where call_id = :id and outcome is not null order by ended_at")
                .param("id", call).query(String.class).list();
    }

    private String callResult(UUID call) {
        return jdbc.sql("select call_result from outbound_call where id = :id").param("id", call)
                .query(String.class).single();
    }

    private UUID lineOf(UUID agent) {
        return jdbc.sql("select current_call_id from agent where id = :id").param("id", agent)
                .query((rs, row) -> rs.getObject(1, UUID.class)).list().get(0);
    }

    private void sql(String statement, UUID id) {
        jdbc.sql(statement).param("id", id).update();
    }
}
