package io.outboundcalls.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checks each rule of the shipped schedule post conditions, and that rules combine in rule order. */
class SchedulePostConditionsDecisionTest {

    private static final String KEY = "schedulePostConditions";

    private DmnEngine dmnEngine;
    private DmnDecision decision;

    @BeforeEach
    void parseDecision() throws IOException {
        dmnEngine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration()
                .customPostDecisionTableEvaluationListeners(List.of(new MatchedRules()))
                .buildEngine();
        try (InputStream dmn = getClass().getClassLoader().getResourceAsStream("dmn/schedule-post-conditions.dmn")) {
            assertThat(dmn).as("dmn/schedule-post-conditions.dmn on the classpath").isNotNull();
            decision = dmnEngine.parseDecision(KEY, dmn);
        }
    }

    @Test
    void freshCampaignCallMatchesNoRule() {
        assertThat(evaluate(call())).isEmpty();
    }

    @Test
    void lostCallCallbackJumpsAheadOfTheCampaign() {
        List<MatchedRule> rules = evaluate(call().with("origin", "LostShift").with("callType", "Callback"));

        assertThat(rules).extracting(MatchedRule::ruleId).containsExactly("lostCallCallbacksComeFirst");
        assertThat(rules.get(0).outputs()).as("empty output cells change nothing").containsOnlyKeys("priority")
                .containsEntry("priority", 5);
    }

    @Test
    void lostCallCallbackThatAlreadyHasAHighPriorityKeepsIt() {
        assertThat(evaluate(call().with("origin", "LostShift").with("priority", 7))).isEmpty();
    }

    @Test
    void predistributionLapsesAfterAnHourOfWaiting() {
        assertThat(evaluate(call().with("predistributed", true).with("waitingSeconds", 3599L))).isEmpty();

        List<MatchedRule> rules = evaluate(call().with("predistributed", true).with("waitingSeconds", 3600L));

        assertThat(rules).extracting(MatchedRule::ruleId).containsExactly("predistributionLapsesAfterAnHour");
        assertThat(rules.get(0).outputs()).containsEntry("cancelPredistribution", true);
    }

    @Test
    void callThatIsNotPredistributedHasNoPredistributionToCancel() {
        assertThat(evaluate(call().with("waitingSeconds", 5000L))).isEmpty();
    }

    @Test
    void callbackWaitingTwoHoursIsEscalated() {
        List<MatchedRule> rules = evaluate(call().with("callType", "Callback").with("waitingSeconds", 7200L)
                .with("origin", "Ivr"));

        assertThat(rules).extracting(MatchedRule::ruleId).containsExactly("callbacksWaitingTwoHoursAreEscalated");
        assertThat(rules.get(0).outputs()).containsEntry("priority", 9);
    }

    @Test
    void callWaitingAMonthIsTerminated() {
        List<MatchedRule> rules = evaluate(call().with("waitingSeconds", 30L * 24 * 3600));

        assertThat(rules).extracting(MatchedRule::ruleId).containsExactly("callsWaitingAMonthAreDropped");
        assertThat(rules.get(0).outputs()).containsEntry("terminate", true);
    }

    @Test
    void everyMatchingRuleIsReturnedInRuleOrder() {
        List<MatchedRule> rules = evaluate(call().with("origin", "LostShift").with("callType", "Callback")
                .with("predistributed", true).with("waitingSeconds", 40L * 24 * 3600));

        assertThat(rules).extracting(MatchedRule::ruleId).containsExactly("lostCallCallbacksComeFirst",
                "predistributionLapsesAfterAnHour", "callbacksWaitingTwoHoursAreEscalated",
                "callsWaitingAMonthAreDropped");
    }

    @Test
    void screeningEngineMatchesTheSameRulesAsCamundasFeelEngine() throws IOException {
        DmnEngine screening = ((org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration)
                DmnEngineConfiguration.createDefaultDmnEngineConfiguration()
                        .customPostDecisionTableEvaluationListeners(List.of(new MatchedRules())))
                .feelEngineFactory(ShortcutFeelEngine::new).buildEngine();
        DmnDecision screened;
        try (InputStream dmn = getClass().getClassLoader().getResourceAsStream("dmn/schedule-post-conditions.dmn")) {
            screened = screening.parseDecision(KEY, dmn);
        }
        int compared = 0;
        for (long waiting : new long[] {0, 3599, 3600, 7200, 30L * 24 * 3600}) {
            for (int priority : new int[] {0, 4, 5, 9}) {
                for (String origin : new String[] {"Api", "LostShift", "Ivr"}) {
                    for (String callType : new String[] {"Project", "Callback"}) {
                        for (boolean predistributed : new boolean[] {false, true}) {
                            Inputs inputs = call().with("waitingSeconds", waiting).with("priority", priority)
                                    .with("origin", origin).with("callType", callType)
                                    .with("predistributed", predistributed);
                            List<MatchedRule> byCamunda = evaluate(inputs);
                            screening.evaluateDecisionTable(screened, inputs.values);
                            assertThat(MatchedRules.take(KEY)).as(inputs.values.toString()).isEqualTo(byCamunda);
                            compared++;
                        }
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(240);
    }

    private List<MatchedRule> evaluate(Inputs inputs) {
        dmnEngine.evaluateDecisionTable(decision, inputs.values);
        return MatchedRules.take(KEY);
    }

    /** A campaign call that has just become due. */
    private static Inputs call() {
        return new Inputs().with("waitingSeconds", 0L).with("priority", 0).with("project", "Demo")
                .with("language", "en").with("callType", "Project").with("offerCount", 0).with("origin", "Api")
                .with("predistributed", false);
    }

    private static final class Inputs {
        final Map<String, Object> values = new HashMap<>();

        Inputs with(String name, Object value) {
            values.put(name, value);
            return this;
        }
    }
}
