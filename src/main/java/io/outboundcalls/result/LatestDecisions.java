package io.outboundcalls.result;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.springframework.stereotype.Component;

/**
 * The latest deployed version of a decision, evaluated outside the engine's history: for screening many calls
 * cheaply (which would a rule change?) before the call's own process evaluates the decision for the record. A new
 * version deployed from Camunda Modeler is picked up at the next evaluation.
 */
@Component
public class LatestDecisions {

    /** A parsed decision and the version it came from. */
    public record LatestDecision(String key, String definitionId, int version, DmnDecision decision) {
    }

    private final RepositoryService repository;
    private final Map<String, LatestDecision> parsed = new ConcurrentHashMap<>();
    private volatile DmnEngine engine;

    LatestDecisions(RepositoryService repository) {
        this.repository = repository;
    }

    public Optional<LatestDecision> latest(String key) {
        DecisionDefinition definition = repository.createDecisionDefinitionQuery().decisionDefinitionKey(key)
                .latestVersion().singleResult();
        if (definition == null) {
            return Optional.empty();
        }
        LatestDecision known = parsed.get(key);
        if (known != null && known.definitionId().equals(definition.getId())) {
            return Optional.of(known);
        }
        try (InputStream model = repository.getDecisionModel(definition.getId())) {
            LatestDecision latest = new LatestDecision(key, definition.getId(), definition.getVersion(),
                    engine().parseDecision(key, model));
            parsed.put(key, latest);
            return Optional.of(latest);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read decision " + definition.getId(), e);
        }
    }

    /** The rules that match these inputs, in rule order. */
    public List<MatchedRule> matchedRules(LatestDecision decision, Map<String, Object> inputs) {
        engine().evaluateDecisionTable(decision.decision(), inputs);
        return MatchedRules.take(decision.key());
    }

    private DmnEngine engine() {
        DmnEngine current = engine;
        if (current == null) {
            synchronized (this) {
                if (engine == null) {
                    DefaultDmnEngineConfiguration configuration = (DefaultDmnEngineConfiguration)
                            DmnEngineConfiguration.createDefaultDmnEngineConfiguration()
                                    .customPostDecisionTableEvaluationListeners(List.of(new MatchedRules()));
                    engine = configuration.feelEngineFactory(ShortcutFeelEngine::new).buildEngine();
                }
                current = engine;
            }
        }
        return current;
    }
}
