package io.outboundcalls.process;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.history.JobState;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricActivityInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricDecisionEvaluationEvent;
import org.camunda.bpm.engine.impl.history.event.HistoricIdentityLinkLogEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricJobLogEvent;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.HistoryLevelFull;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.springframework.stereotype.Component;

/**
 * What the engine's history keeps of a call. The history level stays {@code full} (the database remembers the level
 * and refuses to start with another), but only what tells how a finished call went is written: the instance, how it
 * ended (its end event, and a boundary timer or message that fired), its result task, the decisions with their
 * outputs, incidents, failed jobs and operators' actions. The call's row in outbound_call is the record of its
 * facts (agent, number, result, note), so the engine's copies of them are not kept: no variables, no decision
 * inputs, no passage through gateways and automated steps, no successful job runs, no task assignments. That takes
 * a call's history from about 110 KB (everything) to under 8 KB. What is not kept is, as far as the engine tells
 * beforehand, not even produced ({@link KeptHistoryLevel}): producing an event costs as much as writing it.
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
        List<HistoryLevel> levels = new ArrayList<>();
        if (configuration.getCustomHistoryLevels() != null) {
            levels.addAll(configuration.getCustomHistoryLevels());
        }
        // the engine picks the last level whose name matches the configured one ("full"), so this one replaces it
        levels.add(new KeptHistoryLevel());
        configuration.setCustomHistoryLevels(levels);
    }

    /**
     * The level {@code full}, as the database records it (id 3), that tells the engine not to produce the events
     * {@link KeptHistory} would drop. Producing one costs what writing it would: a removal time read, the definition's
     * data, the event object. Where it cannot tell from the event's type and entity, it produces the event and leaves
     * the choice to {@link KeptHistory}.
     */
    static final class KeptHistoryLevel extends HistoryLevelFull {

        private static final Set<HistoryEventTypes> NEVER_KEPT = EnumSet.of(
                HistoryEventTypes.VARIABLE_INSTANCE_CREATE, HistoryEventTypes.VARIABLE_INSTANCE_UPDATE,
                HistoryEventTypes.VARIABLE_INSTANCE_MIGRATE, HistoryEventTypes.VARIABLE_INSTANCE_UPDATE_DETAIL,
                HistoryEventTypes.VARIABLE_INSTANCE_DELETE, HistoryEventTypes.IDENTITY_LINK_ADD,
                HistoryEventTypes.IDENTITY_LINK_DELETE, HistoryEventTypes.JOB_CREATE, HistoryEventTypes.JOB_SUCCESS,
                HistoryEventTypes.JOB_DELETE);
        private static final Set<HistoryEventTypes> ACTIVITY_EVENTS = EnumSet.of(
                HistoryEventTypes.ACTIVITY_INSTANCE_START, HistoryEventTypes.ACTIVITY_INSTANCE_UPDATE,
                HistoryEventTypes.ACTIVITY_INSTANCE_END);

        @Override
        public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
            if (NEVER_KEPT.contains(eventType)) {
                return false;
            }
            if (ACTIVITY_EVENTS.contains(eventType) && entity instanceof ExecutionEntity execution) {
                ActivityImpl activity = execution.getActivity();
                return activity == null || KeptHistory.isKeptActivityType((String) activity.getProperty("type"));
            }
            return true;
        }

        /** Equal to the engine's own {@code full}: the engine compares its level with that one in places. */
        @Override
        public boolean equals(Object other) {
            return other instanceof HistoryLevel level && level.getId() == getId();
        }

        @Override
        public int hashCode() {
            return getId();
        }
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
                return isKeptActivityType(activity.getActivityType());
            }
            if (event instanceof HistoricJobLogEvent job) {
                return job.getState() == JobState.FAILED.getStateCode();
            }
            return !(event instanceof HistoricVariableUpdateEventEntity)
                    && !(event instanceof HistoricIdentityLinkLogEventEntity);
        }

        static boolean isKeptActivityType(String type) {
            return type != null && (type.endsWith("EndEvent") || type.startsWith("boundary"));
        }
    }
}
