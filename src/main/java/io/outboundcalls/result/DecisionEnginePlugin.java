package io.outboundcalls.result;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationListener;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * The engine's own decision evaluations (business rule tasks): they report their matched rules to
 * {@link MatchedRules}, and evaluate FEEL through {@link ShortcutFeelEngine}.
 */
@Component
class DecisionEnginePlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration();
        if (dmn == null) {
            dmn = (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
            configuration.setDmnEngineConfiguration(dmn);
        }
        List<DmnDecisionTableEvaluationListener> listeners = new ArrayList<>();
        if (dmn.getCustomPostDecisionTableEvaluationListeners() != null) {
            listeners.addAll(dmn.getCustomPostDecisionTableEvaluationListeners());
        }
        listeners.add(new MatchedRules());
        dmn.setCustomPostDecisionTableEvaluationListeners(listeners);
        dmn.setFeelEngineFactory(ShortcutFeelEngine::new);
    }
}
