package io.outboundcalls.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.support.RunningEngineTest;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The engine's history stays the level {@code full} the database records, but produces no event that CallHistory
 * would drop. What a finished call's history holds: CallEventsIT and ResultDuringTheCallIT.
 */
@RunningEngineTest
class CallHistoryIT {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ProcessEngine engine;

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
}
