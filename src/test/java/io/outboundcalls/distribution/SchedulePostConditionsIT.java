package io.outboundcalls.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.Deployments;
import io.outboundcalls.support.RunningEngineTest;
import java.time.Duration;
import java.time.OffsetDateTime;
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
 * The schedule post conditions on the running engine: waiting calls are screened against the latest table, each
 * matching rule changes the call once, the decision is in the call's history, and a table deployed from Modeler
 * applies to the next screening without a restart.
 */
@RunningEngineTest
class SchedulePostConditionsIT {

    private static final String TABLE = "dmn/schedule-post-conditions.dmn";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;
    @Autowired
    SchedulePostConditionSweep sweep;

    Campaign campaign;
    Api admin;

    @BeforeEach
    void pausedCampaignSoCallsOnlyWait() {
        campaign = Campaign.create(jdbc, identity, port);
        jdbc.sql("update outbound_list set state = 'Paused' where id = :id").param("id", campaign.list).update();
        admin = Api.as(port, "admin", "admin");
    }

    @AfterEach
    void close() {
        campaign.close();
    }

    @Test
    void lostCallCallbackIsMovedAheadOnceAndTheDecisionIsInItsHistory() {
        UUID call = waitingCall("Callback", "LostShift", OffsetDateTime.now(), false, null);

        Await.until("the callback's priority raised by the rule", Duration.ofSeconds(20), () -> priority(call),
                p -> p == 5);
        assertThat(appliedRules(call)).containsExactly("lostCallCallbacksComeFirst");
        JsonNode decision = decisionsOf(call, "schedulePostConditions").get(0);
        assertThat(decision.get("matchedRules").get(0).get("ruleId").asText()).isEqualTo("lostCallCallbacksComeFirst");
        assertThat(decision.get("outputs").get("priority").asInt()).isEqualTo(5);
        assertThat(campaign.distributionCheck(call).get("postConditions").get(0).get("ruleId").asText())
                .isEqualTo("lostCallCallbacksComeFirst");

        // A supervisor lowers it again: the rule has fired for this call and does not fire again.
        assertThat(admin.send("PATCH", "/api/calls/" + call, "application/json", "{\"priority\":1}").status())
                .isEqualTo(200);
        sweep.runRound();
        assertThat(priority(call)).isEqualTo(1);
        assertThat(appliedRules(call)).hasSize(1);
        assertThat(decisionsOf(call, "schedulePostConditions")).hasSize(1);
    }

    @Test
    void predistributionOfACallWaitingOverAnHourIsCancelled() {
        UUID agent = campaign.agent("predist");
        UUID call = waitingCall("Project", "Api", OffsetDateTime.now().minusHours(2), true, agent);

        Await.until("the predistribution cancelled", Duration.ofSeconds(20), () -> predistributed(call), p -> !p);
        assertThat(appliedRules(call)).containsExactly("predistributionLapsesAfterAnHour");
        assertThat(jdbc.sql("select call_phase from outbound_call where id = :id").param("id", call)
                .query(String.class).single()).isEqualTo("Enqueue");
    }

    @Test
    void callWaitingAMonthIsTerminatedAsNeglected() {
        UUID call = waitingCall("Project", "Api", OffsetDateTime.now().minusDays(31), false, null);

        Await.until("the call terminated by the rule", Duration.ofSeconds(20), () -> result(call),
                "Neglected"::equals);
        assertThat(jdbc.sql("select call_phase from outbound_call where id = :id").param("id", call)
                .query(String.class).single()).isEqualTo("Finished");
        String instance = jdbc.sql("select process_instance_id from outbound_call where id = :id").param("id", call)
                .query(String.class).single();
        Await.until("the instance ended at 'Call terminated by a rule'", Duration.ofSeconds(10),
                () -> admin.get("/engine-rest/history/activity-instance?processInstanceId=" + instance
                        + "&activityId=callTerminatedByARule&firstResult=0&maxResults=10").json(), activities -> activities.size() == 1);
    }

    @Test
    void tableDeployedFromModelerAppliesToTheNextScreeningWithoutARestart() {
        String projectName = jdbc.sql("select name from project where id = :id").param("id", campaign.project)
                .query(String.class).single();
        String bundled = Deployments.bundled(TABLE);
        // The analyst adds a rule in Modeler: calls of this project get 10 more priority points, once.
        String changed = bundled.replace("      <rule id=\"lostCallCallbacksComeFirst\">", """
                      <rule id="analystBoostsOneProject">
                        <description>Added by an analyst: this project's calls first.</description>
                        <inputEntry id="boostIn1"><text></text></inputEntry>
                        <inputEntry id="boostIn2"><text></text></inputEntry>
                        <inputEntry id="boostIn3"><text>"%s"</text></inputEntry>
                        <inputEntry id="boostIn4"><text></text></inputEntry>
                        <inputEntry id="boostIn5"><text></text></inputEntry>
                        <inputEntry id="boostIn6"><text></text></inputEntry>
                        <inputEntry id="boostIn7"><text></text></inputEntry>
                        <inputEntry id="boostIn8"><text></text></inputEntry>
                        <outputEntry id="boostOut1"><text></text></outputEntry>
                        <outputEntry id="boostOut2"><text></text></outputEntry>
                        <outputEntry id="boostOut3"><text>priority + 10</text></outputEntry>
                        <outputEntry id="boostOut4"><text></text></outputEntry>
                        <outputEntry id="boostOut5"><text></text></outputEntry>
                      </rule>
                      <rule id="lostCallCallbacksComeFirst">""".formatted(projectName));
        assertThat(changed).isNotEqualTo(bundled);
        UUID before = waitingCall("Project", "Api", OffsetDateTime.now(), false, null);
        Await.until("the call's process waiting for an agent", Duration.ofSeconds(20), () -> processPhase(before),
                "Enqueue"::equals);
        sweep.runRound();
        assertThat(priority(before)).as("no rule for this project yet").isZero();

        Api.Reply deployed = Deployments.deploy(admin, "analyst change", TABLE, changed);
        try {
            assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);
            Await.until("the new rule applied to the waiting call", Duration.ofSeconds(20), () -> priority(before),
                    p -> p == 10);
            sweep.runRound();
            assertThat(priority(before)).as("the rule fires once, not every screening").isEqualTo(10);
            int latest = jdbc.sql("select max(version_) from act_re_decision_def where key_ = 'schedulePostConditions'")
                    .query(Integer.class).single();
            assertThat(decisionsOf(before, "schedulePostConditions").get(0).get("version").asInt()).isEqualTo(latest);
        } finally {
            assertThat(Deployments.deploy(admin, "restore bundled table", TABLE, bundled).status()).isEqualTo(200);
        }
    }

    @Test
    void ruleMovesAWaitingCallToAnotherProjectAndLanguageWhereItsAgentTakesIt() {
        Campaign target = Campaign.create(jdbc, identity, port);
        try {
            UUID language = UUID.randomUUID();
            String code = "m" + language.toString().substring(0, 8);
            jdbc.sql("insert into language (id, name, code) values (:id, :code, :code)").param("id", language)
                    .param("code", code).update();
            String from = projectName(campaign.project);
            String to = projectName(target.project);
            String bundled = Deployments.bundled(TABLE);
            String changed = bundled.replace("      <rule id=\"lostCallCallbacksComeFirst\">", """
                          <rule id="analystMovesOneProject">
                            <description>Added by an analyst: this project's calls go to another team.</description>
                            <inputEntry id="moveIn1"><text></text></inputEntry>
                            <inputEntry id="moveIn2"><text></text></inputEntry>
                            <inputEntry id="moveIn3"><text>"%s"</text></inputEntry>
                            <inputEntry id="moveIn4"><text></text></inputEntry>
                            <inputEntry id="moveIn5"><text></text></inputEntry>
                            <inputEntry id="moveIn6"><text></text></inputEntry>
                            <inputEntry id="moveIn7"><text></text></inputEntry>
                            <inputEntry id="moveIn8"><text></text></inputEntry>
                            <outputEntry id="moveOut1"><text>"%s"</text></outputEntry>
                            <outputEntry id="moveOut2"><text>"%s"</text></outputEntry>
                            <outputEntry id="moveOut3"><text></text></outputEntry>
                            <outputEntry id="moveOut4"><text></text></outputEntry>
                            <outputEntry id="moveOut5"><text></text></outputEntry>
                          </rule>
                          <rule id="lostCallCallbacksComeFirst">""".formatted(from, to, code));
            assertThat(changed).isNotEqualTo(bundled);
            UUID agent = target.agent("mover");
            jdbc.sql("insert into agent_language (agent_id, language_id) values (:a, :l)").param("a", agent)
                    .param("l", language).update();
            target.setStatus(agent, "Ready");

            Api.Reply deployed = Deployments.deploy(admin, "analyst moves a project", TABLE, changed);
            try {
                assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);
                UUID call = waitingCall("Project", "Api", OffsetDateTime.now(), false, null);

                assertThat(target.awaitOffer(call)).as("offered in the new project, to its agent who speaks the"
                        + " new language").isEqualTo(agent);
                JsonNode moved = admin.get("/api/calls/" + call).json();
                assertThat(moved.get("projectId").asText()).isEqualTo(target.project.toString());
                assertThat(moved.get("outboundListId").asText()).isEqualTo(target.list.toString());
                assertThat(moved.get("languageId").asText()).isEqualTo(language.toString());
                assertThat(appliedRules(call)).containsExactly("analystMovesOneProject");
            } finally {
                assertThat(Deployments.deploy(admin, "restore bundled table", TABLE, bundled).status())
                        .isEqualTo(200);
            }
        } finally {
            target.close();
        }
    }

    private String projectName(UUID project) {
        return jdbc.sql("select name from project where id = :id").param("id", project).query(String.class).single();
    }

    /** A call written by SQL into this campaign's (paused) list, taken up by the engine. */
    private UUID waitingCall(String callType, String origin, OffsetDateTime scheduleTime, boolean predistributed,
            UUID agent) {
        UUID call = UUID.randomUUID();
        jdbc.sql("""
                insert into outbound_call (id, call_type, number, outbound_list_id, project_id, origin, schedule_time,
                    predistributed, agent_id)
                values (:id, :type, '+420724555777', :list, :project, :origin, :schedule, :predist, :agent)
                """)
                .param("id", call).param("type", callType).param("list", campaign.list)
                .param("project", campaign.project).param("origin", origin).param("schedule", scheduleTime)
                .param("predist", predistributed).param("agent", agent).update();
        return call;
    }

    private int priority(UUID call) {
        return jdbc.sql("select priority from outbound_call where id = :id").param("id", call).query(Integer.class)
                .single();
    }

    private boolean predistributed(UUID call) {
        return jdbc.sql("select predistributed from outbound_call where id = :id").param("id", call)
                .query(Boolean.class).single();
    }

    private String result(UUID call) {
        return jdbc.sql("select call_result from outbound_call where id = :id").param("id", call)
                .query(String.class).single();
    }

    private List<String> appliedRules(UUID call) {
        return jdbc.sql("select rule_id from call_post_condition where call_id = :id order by applied_at")
                .param("id", call).query(String.class).list();
    }

    private List<JsonNode> decisionsOf(UUID call, String key) {
        JsonNode decisions = admin.get("/api/calls/" + call).json().get("decisions");
        List<JsonNode> matching = new java.util.ArrayList<>();
        decisions.forEach(d -> {
            if (key.equals(d.get("decisionKey").asText())) {
                matching.add(d);
            }
        });
        return matching;
    }

    private String processPhase(UUID call) {
        // null until the engine has taken up the row written by SQL
        return jdbc.sql("select process_phase from outbound_call where id = :id").param("id", call)
                .query((rs, row) -> String.valueOf(rs.getString(1))).single();
    }
}
