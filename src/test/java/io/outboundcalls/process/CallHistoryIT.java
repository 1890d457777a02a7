package io.outboundcalls.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.distribution.Campaign;
import io.outboundcalls.pbx.PbxEvent;
import io.outboundcalls.pbx.PbxEventListener;
import io.outboundcalls.pbx.PbxGateway;
import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import java.time.Duration;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the engine's history keeps of a finished call, and that it stays the level {@code full} the database records:
 * the instance, how it ended and its decision, but no variables, no gateways or automated steps and no job runs.
 */
@RunningEngineTest
class CallHistoryIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;
    @Autowired
    HistoryService history;
    @Autowired
    ProcessEngine engine;
    @Autowired
    PbxEventListener pbxAdapterEvents;
    @Autowired
    PbxGateway pbx;

    Campaign campaign;
    UUID agent;

    @BeforeEach
    void oneReadyAgent() {
        campaign = Campaign.create(jdbc, identity, port);
        agent = campaign.agent("history");
        campaign.setStatus(agent, "Ready");
    }

    @AfterEach
    void closeCampaign() {
        campaign.close();
    }

    @Test
    void theEngineKeepsTheLevelFullThatTheDatabaseRecordsButProducesNoEventItWouldDrop() {
        var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        HistoryLevel level = configuration.getHistoryLevel();

        assertThat(level.isHistoryEventProduced(HistoryEventTypes.VARIABLE_INSTANCE_CREATE, null)).isFalse();
        assertThat(level.isHistoryEventProduced(HistoryEventTypes.JOB_SUCCESS, null)).isFalse();
        assertThat(level.isHistoryEventProduced(HistoryEventTypes.JOB_FAIL, null)).isTrue();
        assertThat(level.isHistoryEventProduced(HistoryEventTypes.PROCESS_INSTANCE_END, null)).isTrue();
        assertThat(configuration.getHistoryLevel().getName()).isEqualTo("full");
        assertThat(configuration.getHistoryLevel().getId()).isEqualTo(3);
        assertThat(configuration.getHistoryLevel()).isEqualTo(HistoryLevel.HISTORY_LEVEL_FULL);
        assertThat(jdbc.sql("select value_ from act_ge_property where name_ = 'historyLevel'").query(String.class)
                .single()).isEqualTo("3");
    }

    @Test
    void aFinishedCallKeepsHowItEndedAndItsDecisionButNoVariablesOrPassages() {
        UUID call = campaign.callTo(CallEventsIT.RINGS_UNTIL_HUNG_UP, "");
        String line = call + ":1";
        Await.until("line " + line + " sent", Duration.ofSeconds(15), () -> jdbc.sql(
                "select state from pbx_dial where reference = :line").param("line", line).query(String.class)
                .optional().orElse("none"), "Sent"::equals);
        pbxAdapterEvents.onEvent(new PbxEvent(line, PbxEvent.Type.CustomerAnswered));
        Await.until("call talking", Duration.ofSeconds(30), () -> campaign.phase(call), "AgentTalk"::equals);
        pbxAdapterEvents.onEvent(new PbxEvent(line, PbxEvent.Type.HungUp));
        Await.until("call finished", Duration.ofSeconds(30), () -> campaign.phase(call), "Finished"::equals);
        String instance = jdbc.sql("select process_instance_id from outbound_call where id = :id").param("id", call)
                .query(String.class).single();
        Await.until("instance ended in history", Duration.ofSeconds(10), () -> history
                .createHistoricProcessInstanceQuery().processInstanceId(instance).finished().count(), n -> n == 1);

        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instance).list())
                .extracting(HistoricActivityInstance::getActivityId).containsExactly("callFinished");
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult()
                .getRemovalTime()).as("its removal time, for the history cleanup").isNotNull();
        assertThat(history.createHistoricDecisionInstanceQuery().processInstanceId(instance).includeOutputs().list())
                .isNotEmpty().allSatisfy(decision -> assertThat(decision.getOutputs()).isNotEmpty());
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(instance).count()).isZero();
        assertThat(history.createHistoricDetailQuery().processInstanceId(instance).count()).isZero();
        assertThat(history.createHistoricJobLogQuery().processInstanceId(instance).count()).isZero();
        pbx.hangUp(line);
    }
}
