package io.outboundcalls.process;

import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.distribution.CallOfferRepository;
import io.outboundcalls.distribution.OfferOutcome;
import io.outboundcalls.pbx.PbxDials;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * An operator who cancels a call's instance in Cockpit (or through {@code /engine-rest}) ends the call too: its row
 * becomes Finished/Cancelled, an open offer ends Cancelled, the agent's line is freed and a line at the PBX is hung up
 * after the commit. Without this the row stayed in its phase for good and the agent never got another call. The
 * listener is the engine's own (built in), so Cockpit's "skip custom listeners" does not skip it, and it needs no
 * element in the model that analysts edit.
 */
@Component
class CallCancellation extends AbstractProcessEnginePlugin implements ExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger(CallCancellation.class);

    private final OutboundCallRepository calls;
    private final CallOfferRepository offers;
    private final AgentRepository agents;
    private final PbxDials dials;
    private final Clock clock;

    CallCancellation(@Lazy OutboundCallRepository calls, @Lazy CallOfferRepository offers,
            @Lazy AgentRepository agents, @Lazy PbxDials dials, Clock clock) {
        this.calls = calls;
        this.offers = offers;
        this.agents = agents;
        this.dials = dials;
        this.clock = clock;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        listeners.add(new AbstractBpmnParseListener() {
            @Override
            public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
                if (CallVariables.PROCESS_KEY.equals(processDefinition.getKey())) {
                    processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_END, CallCancellation.this);
                }
            }
        });
        configuration.setCustomPostBPMNParseListeners(listeners);
    }

    @Override
    public void notify(DelegateExecution execution) {
        if (!execution.isCanceled() || execution.getProcessBusinessKey() == null) {
            return; // the call reached one of its end events: its own steps recorded how it ended
        }
        UUID callId = CallExecutions.callId(execution);
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (calls.cancel(callId, now)) {
            LOG.info("Call {} cancelled with its process instance {}", callId, execution.getProcessInstanceId());
        }
        offers.end(callId, OfferOutcome.Cancelled, now);
        agents.releaseLineOfCall(callId, now);
        dials.hangUpAfterCommit(callId);
    }
}
