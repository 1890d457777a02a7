package io.outboundcalls.distribution;

import io.outboundcalls.agent.Language;
import io.outboundcalls.agent.LanguageRepository;
import io.outboundcalls.call.OutboundCallRepository;
import io.outboundcalls.campaign.OutboundList;
import io.outboundcalls.campaign.OutboundListRepository;
import io.outboundcalls.campaign.Project;
import io.outboundcalls.campaign.ProjectRepository;
import io.outboundcalls.result.MatchedRule;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The seed's schedule post conditions: the rules of the decision {@code schedulePostConditions} change a waiting
 * call's project, language or priority, cancel its predistribution or terminate it. Each rule applies once per call.
 */
@Component
public class SchedulePostConditions {

    public static final String DECISION_KEY = "schedulePostConditions";
    private static final Logger LOG = LoggerFactory.getLogger(SchedulePostConditions.class);

    private final SchedulePostConditionRepository repository;
    private final OutboundCallRepository calls;
    private final ProjectRepository projects;
    private final OutboundListRepository lists;
    private final LanguageRepository languages;

    SchedulePostConditions(SchedulePostConditionRepository repository, OutboundCallRepository calls,
            ProjectRepository projects, OutboundListRepository lists, LanguageRepository languages) {
        this.repository = repository;
        this.calls = calls;
        this.projects = projects;
        this.lists = lists;
        this.languages = languages;
    }

    /** The facts the decision reads about the call. */
    public Optional<WaitingCall> facts(UUID callId, OffsetDateTime now) {
        return repository.facts(callId, now);
    }

    /** The matched rules not yet applied to this call. */
    List<MatchedRule> newRules(List<MatchedRule> matched, Set<String> applied) {
        return matched.stream().filter(rule -> !applied.contains(rule.ruleId())).toList();
    }

    /**
     * Applies the rules (in rule order, so a later rule wins for the same output) that this call has not had yet, in
     * the caller's transaction. Returns whether one of them terminates the call.
     */
    public boolean apply(UUID callId, List<MatchedRule> matched, OffsetDateTime now) {
        if (calls.lockForUpdate(callId).filter(c -> "Enqueue".equals(c.processPhase())).isEmpty()) {
            return false;
        }
        boolean terminate = false;
        for (MatchedRule rule : newRules(matched, repository.appliedRules(List.of(callId)).getOrDefault(callId,
                Set.of()))) {
            Map<String, Object> outputs = rule.outputs();
            UUID projectId = null;
            UUID listId = null;
            if (outputs.get("project") instanceof String projectName && !projectName.isBlank()) {
                Optional<Project> project = projects.findByName(projectName);
                Optional<OutboundList> list = project.flatMap(p -> lists.findFirstRunning(p.id()));
                if (list.isPresent()) {
                    projectId = project.get().id();
                    listId = list.get().id();
                } else {
                    LOG.warn("Rule {} moves call {} to project '{}', which {}; the project stays", rule.ruleId(),
                            callId, projectName, project.isEmpty() ? "does not exist" : "has no Running list");
                }
            }
            UUID languageId = null;
            if (outputs.get("language") instanceof String code && !code.isBlank()) {
                languageId = languages.findByCode(code).map(Language::id).orElse(null);
                if (languageId == null) {
                    LOG.warn("Rule {} sets call {} to language '{}', which does not exist; the language stays",
                            rule.ruleId(), callId, code);
                }
            }
            Integer priority = outputs.get("priority") instanceof Number n ? n.intValue() : null;
            boolean cancelPredistribution = Boolean.TRUE.equals(outputs.get("cancelPredistribution"));
            calls.applyPostConditions(callId, projectId, listId, languageId, priority, cancelPredistribution, now);
            terminate |= Boolean.TRUE.equals(outputs.get("terminate"));
            repository.recordApplied(callId, rule.ruleId(), rule.decisionVersion(), outputs.toString(), now);
            LOG.info("Schedule post condition {} (version {}) applied to call {}: {}", rule.ruleId(),
                    rule.decisionVersion(), callId, outputs);
        }
        return terminate;
    }
}
