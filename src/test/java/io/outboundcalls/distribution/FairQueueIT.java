package io.outboundcalls.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Fair queues: calls that no Ready agent can take (here, in a language nobody speaks) never hold up the calls of the
 * same list that somebody can take, however many of them wait in front.
 */
@RunningEngineTest
class FairQueueIT {

    static final int UNSPOKEN_HEAD = 500;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;
    @Autowired
    DistributionCycle cycle;
    @Autowired
    RuntimeService runtime;

    Campaign campaign;

    @BeforeEach
    void ownCampaign() {
        campaign = Campaign.create(jdbc, identity, port);
    }

    /** The 500 waiting calls end here, so later tests' screenings and cycles do not carry them. */
    @AfterEach
    void endTheWaitingCalls() {
        campaign.close();
        List<String> instances = jdbc.sql("""
                select process_instance_id from outbound_call where outbound_list_id = :list
                and call_phase = 'Enqueue' and process_instance_id is not null
                """).param("list", campaign.list).query(String.class).list();
        runtime.deleteProcessInstances(instances, "test over", true, true);
        jdbc.sql("""
                update outbound_call set call_phase = 'Finished', call_result = 'Cancelled', process_phase = 'Finished'
                where outbound_list_id = :list and call_phase = 'Enqueue'
                """).param("list", campaign.list).update();
    }

    @Test
    void callSomeReadyAgentCanTakeIsOfferedWithinOneCycleBehind500CallsInAnUnspokenLanguage() {
        UUID unspoken = UUID.randomUUID();
        String code = "x" + unspoken.toString().substring(0, 8);
        jdbc.sql("insert into language (id, name, code) values (:id, :code, :code)")
                .param("id", unspoken).param("code", code).update();
        OffsetDateTime earlier = OffsetDateTime.now().minusHours(1);
        // the head of the list: higher priority and older, as an integrator's SQL writes them
        for (int i = 0; i < UNSPOKEN_HEAD; i++) {
            jdbc.sql("""
                    insert into outbound_call (id, number, outbound_list_id, project_id, language_id, priority,
                        schedule_time)
                    values (:id, :number, :list, :project, :language, 9, :at)
                    """).param("id", UUID.randomUUID()).param("number", "+420724" + (600000 + i))
                    .param("list", campaign.list).param("project", campaign.project).param("language", unspoken)
                    .param("at", earlier.plusSeconds(i)).update();
        }
        UUID takeable = campaign.call("");
        UUID agent = campaign.agent("fair");
        Await.until("every call of the list waiting for an agent", Duration.ofSeconds(120), this::waitingCalls,
                waiting -> waiting == UNSPOKEN_HEAD + 1);

        campaign.setStatus(agent, "Ready");
        cycle.runOnce();
        campaign.awaitCyclesHolding(agent);

        assertThat(campaign.offeredAgents(takeable)).as("offers of the call behind the unspoken head")
                .containsExactly(agent);
        assertThat(jdbc.sql("select count(*) from call_offer o join outbound_call c on c.id = o.call_id"
                        + " where c.outbound_list_id = :list and c.language_id = :language")
                .param("list", campaign.list).param("language", unspoken).query(Long.class).single())
                .as("offers of calls nobody speaks").isZero();
    }

    private long waitingCalls() {
        return jdbc.sql("""
                select count(*) from outbound_call where outbound_list_id = :list
                and call_phase = 'Enqueue' and process_phase = 'Enqueue'
                """).param("list", campaign.list).query(Long.class).single();
    }
}
