package io.outboundcalls.process;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.history.JobState;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricActivityInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricDecisionEvaluationEvent;
import org.camunda.bpm.engine.impl.history.event.HistoricIdentityLinkLogEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricJobLogEvent;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.springframework.stereotype.Component;

/**
 * What the engine's history keeps of a call. The history level stays {@code full} (the database remembers the level
 * and refuses to start with another), but only what tells how a finished call went is written: the instance, how it
 * ended (its end event, and a boundary timer or message that fired), its result task, the decisions with their
 * outputs, incidents, failed jobs and operators' actions. The call's row in outbound_call is the record of its
 * facts (agent, number, result, note), so the engine's copies of them are not kept: no variables, no decision
 * inputs, no passage through gateways and automated steps, no successful job runs, no task assignments. That takes
 * a call's history from about 110 KB (everything) to under 8 KB.
 */
@Component
class CallHistory extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<HistoryEventHandler> handlers = new ArrayList<>();
        handlers.add(new KeptHistory());
        if (configuration.getCustomHistoryEventHandlers() != null) {
            handlers.addAll(configuration.getCustomHistoryEventHandlers());
        }
        configuration.setEnableDefaultDbHistoryEventHandler(false);
        configuration.setCustomHistoryEventHandlers(handlers);
    }

    /** The engine's own database history writer, given only the events worth keeping. */
    static final class KeptHistory extends DbHistoryEventHandler {

        @Override
        public void handleEvent(HistoryEvent event) {
            if (isKept(event)) {
                super.handleEvent(event);
            }
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            events.forEach(this::handleEvent);
        }

        @Override
        protected boolean shouldWriteHistoricDetail(HistoricVariableUpdateEventEntity event) {
            return false;
        }

        /** The outputs say what a decision decided; its inputs are the call's facts, which its row keeps. */
        @Override
        protected void insertHistoricDecisionEvaluationEvent(HistoricDecisionEvaluationEvent event) {
            event.getRootHistoricDecisionInstance().setInputs(List.of());
            if (event.getRequiredHistoricDecisionInstances() != null) {
                event.getRequiredHistoricDecisionInstances().forEach(required -> required.setInputs(List.of()));
            }
            super.insertHistoricDecisionEvaluationEvent(event);
        }

        static boolean isKept(HistoryEvent event) {
            if (event instanceof HistoricActivityInstanceEventEntity activity) {
                String type = activity.getActivityType();
                return type != null && (type.endsWith("EndEvent") || type.startsWith("boundary"));
            }
            if (event instanceof HistoricJobLogEvent job) {
                return job.getState() == JobState.FAILED.getStateCode();
            }
            return !(event instanceof HistoricVariableUpdateEventEntity)
                    && !(event instanceof HistoricIdentityLinkLogEventEntity);
        }
    }
}
