package io.outboundcalls.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outboundcalls.support.RunningEngineTest;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.persistence.entity.PropertyEntity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What the engine no longer does on every step of a call, and what it still checks. */
@RunningEngineTest
class EngineStepOverheadIT {

    @Autowired
    ProcessEngine engine;

    private ProcessEngineConfigurationImpl configuration() {
        return (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    }

    @Test
    void theEngineKeepsNoLoggingContextThatNoLogPatternPrints() {
        ProcessEngineConfigurationImpl configuration = configuration();
        assertThat(new String[] {configuration.getLoggingContextActivityId(),
                configuration.getLoggingContextActivityName(), configuration.getLoggingContextApplicationName(),
                configuration.getLoggingContextBusinessKey(), configuration.getLoggingContextProcessDefinitionId(),
                configuration.getLoggingContextProcessDefinitionKey(),
                configuration.getLoggingContextProcessInstanceId(), configuration.getLoggingContextTenantId(),
                configuration.getLoggingContextEngineName()})
                .allSatisfy(name -> assertThat(name).isNullOrEmpty());
    }

    @Test
    void anEntityWithAReservedIdIsStillRefusedWithCamundasMessage() {
        Command<Void> insertReservedId = context -> {
            assertThat(context.getDbEntityManager()).isInstanceOf(EntityIdCheckPlugin.CheckedLazily.class);
            context.getDbEntityManager().insert(new PropertyEntity("*", "reserved"));
            return null;
        };

        assertThatThrownBy(() -> configuration().getCommandExecutorTxRequired().execute(insertReservedId))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("has an invalid id").hasMessageContaining("is a reserved identifier");
    }
}
