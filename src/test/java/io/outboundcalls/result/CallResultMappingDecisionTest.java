package io.outboundcalls.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checks each rule of the call result mapping on the standalone DMN engine: the result, finish and the retry delay. */
class CallResultMappingDecisionTest {

    /** The decision's key and its inputs below are the names analysts see in dmn/call-result-mapping.dmn. */
    private static final String DECISION_KEY = "callResultMapping";

    private final List<String> matchedRules = new ArrayList<>();
    private DmnEngine dmnEngine;
    private DmnDecision decision;

    @BeforeEach
    void parseDecision() throws IOException {
        // The listener tells which rule gave the result; the result itself does not name its rule.
        DmnDecisionTableEvaluationListener recordMatchedRules =
                event -> event.getMatchingRules().forEach(rule -> matchedRules.add(rule.getId()));
        dmnEngine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration()
                .customPostDecisionTableEvaluationListeners(List.of(recordMatchedRules))
                .buildEngine();
        try (InputStream dmn = getClass().getClassLoader().getResourceAsStream("dmn/call-result-mapping.dmn")) {
            assertThat(dmn).as("dmn/call-result-mapping.dmn on the classpath").isNotNull();
            decision = dmnEngine.parseDecision(DECISION_KEY, dmn);
        }
    }

    @Test
    void successFinishesTheCall() {
        DmnDecisionRuleResult result = evaluate("Success", "Sold", 1);

        assertMapping(result, "Success", true, null);
        assertThat(matchedRules).containsExactly("successFinishes");
    }

    @Test
    void failedFinishesTheCall() {
        DmnDecisionRuleResult result = evaluate("Failed", "Wrong number", 1);

        assertMapping(result, "Failed", true, null);
        assertThat(matchedRules).containsExactly("failedFinishes");
    }

    @Test
    void busyCustomerIsCalledAgainInAQuarterOfAnHour() {
        DmnDecisionRuleResult result = evaluate("Busy", null, 1);

        assertMapping(result, "Busy", false, "PT15M");
        assertThat(matchedRules).containsExactly("busyIsRetried");
    }

    @Test
    void busyCustomerOnTheSecondAttemptIsStillCalledAgain() {
        DmnDecisionRuleResult result = evaluate("Busy", null, 2);

        assertMapping(result, "Busy", false, "PT15M");
        assertThat(matchedRules).containsExactly("busyIsRetried");
    }

    @Test
    void busyCustomerOnTheThirdAttemptIsNotCalledAgain() {
        DmnDecisionRuleResult result = evaluate("Busy", null, 3);

        assertMapping(result, "Busy", true, null);
        assertThat(matchedRules).containsExactly("busyOutOfAttempts");
    }

    @Test
    void unansweredCallIsCalledAgainInHalfAnHour() {
        DmnDecisionRuleResult result = evaluate("NoAnswer", null, 2);

        assertMapping(result, "NoAnswer", false, "PT30M");
        assertThat(matchedRules).containsExactly("noAnswerIsRetried");
    }

    @Test
    void unansweredCallOnTheThirdAttemptIsNotCalledAgain() {
        DmnDecisionRuleResult result = evaluate("NoAnswer", null, 3);

        assertMapping(result, "NoAnswer", true, null);
        assertThat(matchedRules).containsExactly("noAnswerOutOfAttempts");
    }

    @Test
    void rescheduledCallIsCalledAgainInAnHourWhateverTheAttempt() {
        DmnDecisionRuleResult result = evaluate("Rescheduled", "Call back later", 7);

        assertMapping(result, "Rescheduled", false, "PT1H");
        assertThat(matchedRules).containsExactly("rescheduledIsRetried");
    }

    @Test
    void noResultFinishesTheCall() {
        DmnDecisionRuleResult result = evaluate("NoResult", null, 1);

        assertMapping(result, "NoResult", true, null);
        assertThat(matchedRules).containsExactly("noResultFinishes");
    }

    @Test
    void missingResultCountsAsNoResult() {
        DmnDecisionRuleResult result = evaluate(null, null, 1);

        assertMapping(result, "NoResult", true, null);
        assertThat(matchedRules).containsExactly("anythingElseIsNoResult");
    }

    @Test
    void unknownResultCountsAsNoResult() {
        DmnDecisionRuleResult result = evaluate("Cancelled", null, 1);

        assertMapping(result, "NoResult", true, null);
        assertThat(matchedRules).containsExactly("anythingElseIsNoResult");
    }

    @Test
    void callbackIsRetriedLikeACampaignCall() {
        Map<String, Object> variables = variables("Busy", null, 1);
        variables.put("callType", "Callback");

        DmnDecisionRuleResult result = dmnEngine.evaluateDecisionTable(decision, variables).getFirstResult();

        assertMapping(result, "Busy", false, "PT15M");
        assertThat(matchedRules).containsExactly("busyIsRetried");
    }

    @Test
    void busyPrivateCallEndsBecauseNothingWouldDialItAgain() {
        Map<String, Object> variables = variables("Busy", null, 1);
        variables.put("callType", "Private");

        DmnDecisionRuleResult result = dmnEngine.evaluateDecisionTable(decision, variables).getFirstResult();

        assertMapping(result, "Busy", true, null);
        assertThat(matchedRules).containsExactly("privateAndVisitorCallsAreNotRetried");
    }

    @Test
    void visitorAskedToBeCalledAnotherTimeEndsRescheduledWithoutAQueue() {
        Map<String, Object> variables = variables("Rescheduled", "Call another time", 1);
        variables.put("callType", "Visitor");

        assertMapping(dmnEngine.evaluateDecisionTable(decision, variables).getFirstResult(), "Rescheduled", true, null);
        assertThat(matchedRules).containsExactly("privateAndVisitorCallsAreNotRetried");
    }

    @Test
    void visitorWithoutResultEndsNoResult() {
        Map<String, Object> variables = variables(null, null, 1);
        variables.put("callType", "Visitor");

        assertMapping(dmnEngine.evaluateDecisionTable(decision, variables).getFirstResult(), "NoResult", true, null);
    }

    @Test
    void shortcutFeelEngineDecidesExactlyAsCamundasFeelEngine() throws IOException {
        List<String> shortcutRules = new ArrayList<>();
        DmnDecisionTableEvaluationListener record =
                event -> event.getMatchingRules().forEach(rule -> shortcutRules.add(rule.getId()));
        DmnEngine shortcut = ((org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration)
                DmnEngineConfiguration.createDefaultDmnEngineConfiguration()
                        .customPostDecisionTableEvaluationListeners(List.of(record)))
                .feelEngineFactory(ShortcutFeelEngine::new).buildEngine();
        DmnDecision shortcutDecision;
        try (InputStream dmn = getClass().getClassLoader().getResourceAsStream("dmn/call-result-mapping.dmn")) {
            shortcutDecision = shortcut.parseDecision(DECISION_KEY, dmn);
        }
        int compared = 0;
        for (String general : new String[] {"Success", "Failed", "Busy", "NoAnswer", "Rescheduled", "NoResult", null,
                "Cancelled"}) {
            for (String detail : new String[] {null, "Sold"}) {
                for (int attempt = 1; attempt <= 4; attempt++) {
                    for (String callType : new String[] {"Project", "Private", "Visitor", "Callback"}) {
                        Map<String, Object> variables = variables(general, detail, attempt);
                        variables.put("callType", callType);
                        matchedRules.clear();
                        shortcutRules.clear();
                        var expected = dmnEngine.evaluateDecisionTable(decision, variables).getResultList();
                        var actual = shortcut.evaluateDecisionTable(shortcutDecision, variables).getResultList();
                        assertThat(actual).as(variables.toString()).isEqualTo(expected);
                        assertThat(shortcutRules).as(variables.toString()).isEqualTo(matchedRules);
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(256);
    }

    private DmnDecisionRuleResult evaluate(String generalResult, String callResultDetail, int attempt) {
        DmnDecisionTableResult results =
                dmnEngine.evaluateDecisionTable(decision, variables(generalResult, callResultDetail, attempt));
        assertThat(results).as("hit policy FIRST gives one result").hasSize(1);
        return results.getFirstResult();
    }

    private static Map<String, Object> variables(String generalResult, String callResultDetail, int attempt) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("generalResult", generalResult);
        variables.put("callResultDetail", callResultDetail);
        variables.put("attempt", attempt);
        variables.put("callType", "Project");
        return variables;
    }

    private static void assertMapping(DmnDecisionRuleResult result, String callResult, boolean finish,
            String rescheduleAfter) {
        // An empty output cell leaves its entry out, and getEntry(..) cannot read a missing entry: read the map.
        Map<String, Object> entries = result.getEntryMap();
        assertThat(entries.get("callResult")).isEqualTo(callResult);
        assertThat(entries.get("finish")).isEqualTo(finish);
        assertThat(entries.get("rescheduleAfter")).isEqualTo(rescheduleAfter);
    }
}
