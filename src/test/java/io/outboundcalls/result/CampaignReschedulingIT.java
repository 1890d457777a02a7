package io.outboundcalls.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.Deployments;
import io.outboundcalls.support.RunningEngineTest;
import io.outboundcalls.support.TestData;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The seed's "you can leave the rescheduling on the outbound campaign parameters": callResultMapping has the inputs
 * project and outboundList, so an analyst's rule for one named list gives its calls their own retry delay while
 * every other list keeps the bundled one.
 */
@RunningEngineTest
class CampaignReschedulingIT {

    private static final String TABLE = "dmn/call-result-mapping.dmn";
    /** The test simulator answers this number busy. */
    private static final String BUSY_NUMBER = "+420724120486";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    TestData data;
    Api agent2;
    String ownListName;
    UUID ownList;
    UUID otherList;

    @BeforeEach
    void twoListsOfOneProject() {
        data = new TestData(jdbc);
        UUID project = data.project("Campaign retries " + UUID.randomUUID(), null, null, false);
        ownList = data.list(project, "Running");
        otherList = data.list(project, "Running");
        ownListName = jdbc.sql("select name from outbound_list where id = :id").param("id", ownList)
                .query(String.class).single();
        data.giveSkill("agent2", project);
        agent2 = Api.as(port, "agent2", "agent2");
        data.setStatus("agent2", "Ready");
    }

    @AfterEach
    void agent2GoesOffline() {
        data.setStatus("agent2", "Offline");
    }

    @Test
    void ruleForANamedListGivesItsBusyCallsTheirOwnDelay() {
        Api admin = Api.as(port, "admin", "admin");
        String bundled = Deployments.bundled(TABLE);
        String busyRule = "<rule id=\"busyIsRetried\">";
        String ownRule = """
                <rule id="busyOfOneListIsRetriedLater">
                  <description>This campaign calls a busy line again after five hours.</description>
                  <inputEntry id="busyOfOneListIn1"><text>"Busy"</text></inputEntry>
                  <inputEntry id="busyOfOneListIn2"><text></text></inputEntry>
                  <inputEntry id="busyOfOneListIn3"><text>&lt; 5</text></inputEntry>
                  <inputEntry id="busyOfOneListIn4"><text></text></inputEntry>
                  <inputEntry id="busyOfOneListIn5"><text></text></inputEntry>
                  <inputEntry id="busyOfOneListIn6"><text>"%s"</text></inputEntry>
                  <outputEntry id="busyOfOneListOut1"><text>"Busy"</text></outputEntry>
                  <outputEntry id="busyOfOneListOut2"><text>false</text></outputEntry>
                  <outputEntry id="busyOfOneListOut3"><text>"PT5H"</text></outputEntry>
                </rule>
                """.formatted(ownListName);
        String variant = bundled.replace(busyRule, ownRule + busyRule);
        assertThat(variant).isNotEqualTo(bundled);

        Api.Reply deployed = Deployments.deploy(admin, "campaign retries", TABLE, variant);
        try {
            assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);

            JsonNode own = busyOutcome(ownList);
            JsonNode other = busyOutcome(otherList);

            assertThat(OffsetDateTime.parse(own.get("scheduleTime").asText()))
                    .isBetween(OffsetDateTime.now().plusMinutes(290), OffsetDateTime.now().plusMinutes(301));
            assertThat(own.get("decisions").get(0).get("outputs").get("rescheduleAfter").asText()).isEqualTo("PT5H");
            assertThat(OffsetDateTime.parse(other.get("scheduleTime").asText()))
                    .as("the other list keeps the bundled quarter of an hour")
                    .isBetween(OffsetDateTime.now().plusMinutes(13), OffsetDateTime.now().plusMinutes(16));
        } finally {
            assertThat(Deployments.deploy(admin, "restore bundled table", TABLE, bundled).status()).isEqualTo(200);
        }
    }

    @Test
    void bundledTableKeepsTheSameDelayForEveryList() {
        JsonNode own = busyOutcome(ownList);

        assertThat(OffsetDateTime.parse(own.get("scheduleTime").asText()))
                .isBetween(OffsetDateTime.now().plusMinutes(13), OffsetDateTime.now().plusMinutes(16));
        assertThat(own.get("decisions").get(0).get("outputs").get("rescheduleAfter").asText()).isEqualTo("PT15M");
    }

    private JsonNode busyOutcome(UUID list) {
        Api.Reply created = agent2.post("/api/calls",
                "{\"number\":\"%s\",\"outboundListId\":\"%s\"}".formatted(BUSY_NUMBER, list));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String callId = created.json().get("id").asText();
        return Await.until("the busy outcome", Duration.ofSeconds(30), () -> agent2.get("/api/calls/" + callId).json(),
                c -> "Busy".equals(c.get("lastResult").asText()) && "Enqueue".equals(c.get("callPhase").asText()));
    }
}
