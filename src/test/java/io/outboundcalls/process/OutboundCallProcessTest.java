package io.outboundcalls.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import io.outboundcalls.distribution.WaitingCall;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Walks every path of the outbound-call process on the in-memory engine, with stand-ins for the beans it calls. */
@Deployment(resources = {"processes/outbound-call.bpmn", "dmn/call-result-mapping.dmn",
        "dmn/schedule-post-conditions.dmn"})
class OutboundCallProcessTest {

    private static final String AGENT = "anna";

    // Not camunda.cfg.xml: on the integration tests' classpath that name would make the webapps build a second engine.
    // The class must walk every flow node and sequence flow of the model (report in target/process-test-coverage).
    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder("process-test.camunda.cfg.xml")
            .assertClassCoverageAtLeast(1.0)
            .build();

    /** Injected by the extension. */
    ProcessEngine processEngine;

    /** The engine's own way of delivering a message to a call. */
    private AwaitedMessages messages;

    private final PhaseRecorder phases = new PhaseRecorder();
    private final DialCustomer dialCustomer = new DialCustomer();
    private final PlanAfterCallWork planAfterCallWork = new PlanAfterCallWork();
    private final RecordCallResult recordCallResult = new RecordCallResult();
    private final RecordingDelegate rescheduleCall = new RecordingDelegate();
    private final RecordingDelegate neglectCall = new RecordingDelegate();
    private final ReturnCallToQueue returnCallToQueue = new ReturnCallToQueue();
    private final OfferLog callOffers = new OfferLog();
    private final LookUpTheWaitingCall lookUpTheWaitingCall = new LookUpTheWaitingCall();
    private final ApplySchedulePostConditions applySchedulePostConditions = new ApplySchedulePostConditions();
    private final RecordingDelegate switchAgentToPostCallPause = new RecordingDelegate();
    private final RecordingDelegate returnAgentToReady = new RecordingDelegate();
    private final OpenResultBar openResultBar = new OpenResultBar();
    private final NoCampaignNames callResultInputs = new NoCampaignNames();

    @BeforeEach
    void registerStandIns() {
        init(processEngine);
        messages = new AwaitedMessages(JdbcClient.create(
                ((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration()).getDataSource()),
                processEngine, phases);
        Mocks.register("callPhaseMirror", phases);
        Mocks.register("dialCustomer", dialCustomer);
        Mocks.register("planAfterCallWork", planAfterCallWork);
        Mocks.register("recordCallResult", recordCallResult);
        Mocks.register("rescheduleCall", rescheduleCall);
        Mocks.register("neglectCall", neglectCall);
        Mocks.register("returnCallToQueue", returnCallToQueue);
        Mocks.register("callOffers", callOffers);
        Mocks.register("lookUpTheWaitingCall", lookUpTheWaitingCall);
        Mocks.register("applySchedulePostConditions", applySchedulePostConditions);
        Mocks.register("switchAgentToPostCallPause", switchAgentToPostCallPause);
        Mocks.register("returnAgentToReady", returnAgentToReady);
        Mocks.register("openResultBar", openResultBar);
        Mocks.register("callResultInputs", callResultInputs);
    }

    @AfterEach
    void clearStandIns() {
        Mocks.reset();
    }

    // ------------------------------------------------------------------ before the dial

    @Test
    void manualCallWaitsForDispatchThenForAnAgent() {
        ProcessInstance call = startCall("Manual", "Project");
        assertThat(call).isWaitingAtExactly("waitForManualDispatch");
        assertThat(phases.of(call)).containsExactly("Manual");

        correlate(call, CallMessages.CALL_ENQUEUED);
        assertThat(call).isWaitingAtExactly("waitForAgent").hasPassed("enqueueCall", "isItALostCallCallback");
        assertThat(phases.of(call)).containsExactly("Manual", "Enqueue");

        correlate(call, CallMessages.CALL_OFFERED);
        assertThat(call).as("the dial is requested in the offer's transaction").isWaitingAtExactly("waitForPbxOutcome");
        assertThat(phases.of(call)).containsExactly("Manual", "Enqueue", "Dialing");
        assertThat(runtimeService().getVariable(call.getId(), CallVariables.ATTEMPT)).isEqualTo(1);
    }

    @Test
    void lostShiftCallbackIsNeglectedWhenTheWindowExpires() {
        Date deadline = Date.from(Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
        ProcessInstance call = startLostShiftCallback(deadline);
        assertThat(call).isWaitingAtExactly("waitForAgentWithinLostShiftWindow");
        assertThat(job()).hasDueDate(deadline);

        execute(job());

        assertThat(call).isEnded().hasPassed("lostShiftWindowExpired", "neglectCall", "callNeglected")
                .hasNotPassed("dialCustomer", "callFinished");
        assertThat(neglectCall.runsFor(call)).isEqualTo(1);
        assertThat(phases.of(call)).containsExactly("Enqueue");
    }

    @Test
    void manualLostShiftCallbackIsNeglectedWhenTheWindowExpiresBeforeItsDispatch() {
        Date deadline = Date.from(Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
        ProcessInstance call = startCall("Manual", "Callback",
                Map.of(CallVariables.LOST_SHIFT_CALLBACK, true, CallVariables.LOST_SHIFT_DEADLINE, deadline));
        assertThat(call).isWaitingAtExactly("waitForManualDispatchWithinLostShiftWindow");
        assertThat(job()).as("counted from the loss, also in Manual").hasDueDate(deadline);
        assertThat(phases.of(call)).containsExactly("Manual");

        execute(job());

        assertThat(call).isEnded().hasPassed("lostShiftWindowExpiredBeforeDispatch", "neglectCall", "callNeglected")
                .hasNotPassed("enqueueCall", "waitForManualDispatch");
        assertThat(neglectCall.runsFor(call)).isEqualTo(1);
    }

    @Test
    void manualLostShiftCallbackDispatchedWithinTheWindowKeepsItsDeadline() {
        Date deadline = Date.from(Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
        ProcessInstance call = startCall("Manual", "Callback",
                Map.of(CallVariables.LOST_SHIFT_CALLBACK, true, CallVariables.LOST_SHIFT_DEADLINE, deadline));

        correlate(call, CallMessages.CALL_ENQUEUED);

        assertThat(call).isWaitingAtExactly("waitForAgentWithinLostShiftWindow")
                .hasPassed("waitForManualDispatchWithinLostShiftWindow", "enqueueCall");
        assertThat(job()).hasDueDate(deadline);
    }

    @Test
    void lostShiftCallbackOfferedWithinTheWindowIsDialed() {
        ProcessInstance call = startLostShiftCallback(Date.from(Instant.now().plus(1, ChronoUnit.HOURS)));

        correlate(call, CallMessages.CALL_OFFERED);

        assertThat(call).isWaitingAtExactly("waitForPbxOutcome").hasNotPassed("lostShiftWindowExpired");
        assertThat(managementService().createJobQuery().processInstanceId(call.getId()).timers().count()).isZero();
        assertThat(call).isWaitingAtExactly("waitForPbxOutcome");
        assertThat(neglectCall.runsFor(call)).isZero();
        assertThat(phases.of(call)).containsExactly("Enqueue", "Dialing");
    }

    @Test
    void privateCallIsDialedAtOnce() {
        ProcessInstance call = startCall("Dial", "Private");
        assertThat(call).isWaitingAtExactly("waitForPbxOutcome").hasNotPassed("enqueueCall", "waitForAgent");
        assertThat(phases.of(call)).as("dialed in the transaction that started it").containsExactly("Dialing");

        correlate(call, CallMessages.CUSTOMER_ANSWERED);
        assertThat(call).isWaitingAtExactly("waitForHangUp");
        assertThat(phases.of(call)).containsExactly("Dialing", "AgentTalk");
    }

    @Test
    void theWaitsForThePbxCostNoScopeAndNoEventSubscription() {
        ProcessInstance call = dialedCall();
        assertThat(runtimeService().createExecutionQuery().processInstanceId(call.getId()).count()).isEqualTo(1);
        assertThat(runtimeService().createEventSubscriptionQuery().processInstanceId(call.getId()).count()).isZero();

        correlate(call, CallMessages.CUSTOMER_ANSWERED);

        assertThat(call).isWaitingAtExactly("waitForHangUp");
        assertThat(runtimeService().createExecutionQuery().processInstanceId(call.getId()).count()).isEqualTo(1);
        assertThat(runtimeService().createEventSubscriptionQuery().processInstanceId(call.getId()).count()).isZero();
    }

    @Test
    void theWaitForAnAgentCostsNoScopeAndNoEventSubscriptionAndTellsItsTwoMessagesApart() {
        ProcessInstance call = startCall("Enqueue", "Project");
        assertThat(call).isWaitingAtExactly("waitForAgent");
        assertThat(runtimeService().createExecutionQuery().processInstanceId(call.getId()).count()).isEqualTo(1);
        assertThat(runtimeService().createEventSubscriptionQuery().processInstanceId(call.getId()).count()).isZero();
        assertThat(messages.of(call.getId()).keySet())
                .containsExactlyInAnyOrder(CallMessages.CALL_OFFERED, CallMessages.SCHEDULE_POST_CONDITIONS_MET);

        correlate(call, CallMessages.SCHEDULE_POST_CONDITIONS_MET);
        assertThat(call).isWaitingAtExactly("waitForAgent").hasNotPassed("dialCustomer");
        correlate(call, CallMessages.CALL_OFFERED);

        assertThat(call).isWaitingAtExactly("waitForPbxOutcome").hasPassed("wasTheCallOffered", "dialCustomer");
        assertThat(runtimeService().getVariables(call.getId()))
                .as("the name of the message is transient").doesNotContainKey(CallVariables.RECEIVED_MESSAGE);
        assertThat(applySchedulePostConditions.runsFor(call)).isEqualTo(1);
    }

    @Test
    void aMessageNameAnOperatorStoredByHandDoesNotStopLaterDeliveries() {
        ProcessInstance call = startCall("Enqueue", "Project");
        runtimeService().setVariable(call.getId(), CallVariables.RECEIVED_MESSAGE, "SchedulePostConditionsMet");

        correlate(call, CallMessages.CALL_OFFERED);

        assertThat(call).isWaitingAtExactly("waitForPbxOutcome").hasNotPassed("lookUpTheWaitingCall");
        assertThat(runtimeService().getVariable(call.getId(), CallVariables.RECEIVED_MESSAGE))
                .as("the stored copy tells the truth").isEqualTo(CallMessages.CALL_OFFERED);
    }

    @Test
    void anIncidentRaisedWhileTheCallWaitsForAnAgentEndsWhenTheCallIsOffered() {
        ProcessInstance call = startCall("Enqueue", "Project");
        runtimeService().createIncident(PbxDialIncident.TYPE, call.getId(), call.getBusinessKey() + ":1",
                "The PBX was out of reach");
        assertThat(runtimeService().createIncidentQuery().processInstanceId(call.getId()).count()).isEqualTo(1);

        correlate(call, CallMessages.CALL_OFFERED);

        assertThat(call).isWaitingAtExactly("waitForPbxOutcome");
        assertThat(runtimeService().createIncidentQuery().processInstanceId(call.getId()).count()).isZero();
        assertThat(historyService().createHistoricIncidentQuery().processInstanceId(call.getId()).count())
                .as("Cockpit's history keeps it").isEqualTo(1);
    }

    @Test
    void aSignalForAWaitTheCallHasLeftMovesNothing() {
        ProcessInstance call = talkingCall();
        ExecutionEntity talk = waitingIn(call, "waitForHangUp");

        // a late answer, read while the call still waited for the dial's outcome, reaches the same execution
        assertThatThrownBy(() -> commands().execute(new SignalWaitCmd(talk.getId(), "waitForPbxOutcome",
                talk.getRevision(), CallMessages.DIAL_OUTCOME,
                AwaitedMessages.dialOutcome(CallMessages.CUSTOMER_ANSWERED, Map.of()))))
                .isInstanceOf(MismatchingMessageCorrelationException.class);

        assertThat(call).isWaitingAtExactly("waitForHangUp").hasNotPassed("talkOver");
        commands().execute(new SignalWaitCmd(talk.getId(), "waitForHangUp", talk.getRevision(),
                CallMessages.CALL_HUNG_UP, Map.of()));
        assertThat(call).hasPassed("talkOver").isWaitingAtExactly("enterCallResult");
    }

    @Test
    void anOutcomeFoundInAnEarlierPassOfTheSameWaitMovesNothing() {
        ProcessInstance call = dialedCall();
        ExecutionEntity firstDial = waitingIn(call, "waitForPbxOutcome");
        correlate(call, CallMessages.OFFER_DECLINED);
        correlate(call, CallMessages.CALL_OFFERED);
        ExecutionEntity secondDial = waitingIn(call, "waitForPbxOutcome");
        assertThat(secondDial.getId()).as("the same execution waits again").isEqualTo(firstDial.getId());

        assertThatThrownBy(() -> commands().execute(new SignalWaitCmd(firstDial.getId(), "waitForPbxOutcome",
                firstDial.getRevision(), CallMessages.DIAL_OUTCOME,
                AwaitedMessages.dialOutcome(CallMessages.CUSTOMER_ANSWERED, Map.of()))))
                .isInstanceOf(MismatchingMessageCorrelationException.class);

        assertThat(call).isWaitingAtExactly("waitForPbxOutcome").hasNotPassed("customerOnTheLine");
    }

    private static ExecutionEntity waitingIn(ProcessInstance call, String activityId) {
        return (ExecutionEntity) runtimeService().createExecutionQuery().processInstanceId(call.getId())
                .activityId(activityId).singleResult();
    }

    private CommandExecutor commands() {
        return ((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration())
                .getCommandExecutorTxRequired();
    }

    @Test
    void visitorStartsInAgentTalk() {
        ProcessInstance call = startCall("AgentTalk", "Visitor");
        assertThat(call).isWaitingAtExactly("waitForHangUp").hasPassed("customerOnTheLine")
                .hasNotPassed("enqueueCall", "dialCustomer");
        assertThat(phases.of(call)).containsExactly("AgentTalk");

        correlate(call, CallMessages.CALL_HUNG_UP);
        assertThat(call).isWaitingAtExactly("enterCallResult");
        complete(task(), withVariables(CallVariables.GENERAL_RESULT, "Success", CallVariables.CALL_RESULT_DETAIL, "Sold"));

        assertThat(call).isEnded().hasPassed("callFinished");
        assertThat(dialCustomer.dials).isZero();
        assertThat(phases.of(call)).containsExactly("AgentTalk", "PostCall", "Result", "Finished");
        assertThat(recordCallResult.lastFor(call)).containsEntry("callResult", "Success").containsEntry("finish", true);
    }

    // ------------------------------------------------------------------ schedule post conditions

    @Test
    void waitingCallEvaluatesTheSchedulePostConditionsAndWaitsAgain() {
        ProcessInstance call = startCall("Enqueue", "Project");
        lookUpTheWaitingCall.origin = "LostShift";

        correlate(call, CallMessages.SCHEDULE_POST_CONDITIONS_MET);

        assertThat(call).isWaitingAtExactly("waitForAgent")
                .hasPassed("wasTheCallOffered", "lookUpTheWaitingCall", "evaluateSchedulePostConditions",
                        "applySchedulePostConditions", "isTheCallTerminated")
                .hasNotPassed("neglectTerminatedCall");
        assertThat(applySchedulePostConditions.runsFor(call)).isEqualTo(1);
        assertThat(historyService().createHistoricDecisionInstanceQuery().processInstanceId(call.getId())
                .decisionDefinitionKey("schedulePostConditions").includeOutputs().singleResult().getOutputs())
                .as("the evaluation is in the call's history").anySatisfy(output -> {
                    assertThat(output.getVariableName()).isEqualTo("priority");
                    assertThat(output.getValue()).isEqualTo(5);
                    assertThat(output.getRuleId()).isEqualTo("lostCallCallbacksComeFirst");
                });
        assertThat(phases.of(call)).containsExactly("Enqueue", "Enqueue");

        correlate(call, CallMessages.CALL_OFFERED);
        assertThat(call).isWaitingAtExactly("waitForPbxOutcome");
    }

    @Test
    void ruleThatTerminatesTheCallNeglectsIt() {
        ProcessInstance call = startCall("Enqueue", "Project");
        applySchedulePostConditions.terminate = true;

        correlate(call, CallMessages.SCHEDULE_POST_CONDITIONS_MET);

        assertThat(call).isEnded().hasPassed("isTheCallTerminated", "neglectTerminatedCall", "callTerminatedByARule")
                .hasNotPassed("dialCustomer", "callFinished");
        assertThat(neglectCall.runsFor(call)).isEqualTo(1);
    }

    @Test
    void lostShiftCallbackEvaluatesTheSchedulePostConditionsAndKeepsItsWindow() {
        Date deadline = Date.from(Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
        ProcessInstance call = startLostShiftCallback(deadline);

        correlate(call, CallMessages.SCHEDULE_POST_CONDITIONS_MET);

        assertThat(call).isWaitingAtExactly("waitForAgentWithinLostShiftWindow")
                .hasPassed("postConditionsMetWithinLostShiftWindow", "applySchedulePostConditions");
        assertThat(job()).as("the lost-shift window does not restart").hasDueDate(deadline);
    }

    // ------------------------------------------------------------------ the PBX outcome

    @Test
    void declinedOfferReturnsTheCallToTheQueue() {
        ProcessInstance call = dialedCall();

        correlate(call, CallMessages.OFFER_DECLINED);

        assertThat(call).isWaitingAtExactly("waitForAgent").hasPassed("didTheCustomerAnswer", "returnCallToQueue")
                .hasNotPassed("mapPbxOutcome", "customerOnTheLine");
        assertThat(returnCallToQueue.runsFor(call)).isEqualTo(1);
        assertThat(phases.of(call)).containsExactly("Enqueue", "Dialing", "Enqueue");
        assertThat(callOffers.takenFor(call)).as("a declined offer is not taken").isZero();
    }

    @Test
    void declinedOfferIsNeglectedOnceTheMaxOfferAttemptsAreUsedUp() {
        ProcessInstance call = dialedCall();
        returnCallToQueue.offersExhausted = true;

        correlate(call, CallMessages.OFFER_DECLINED);

        assertThat(call).isEnded()
                .hasPassed("didTheCustomerAnswer", "returnCallToQueue", "areTheOffersUsedUp", "stopDistributing",
                        "neglectCall", "callNeglected")
                .hasNotPassed("callFinished");
        assertThat(neglectCall.runsFor(call)).isEqualTo(1);
        assertThat(phases.of(call)).containsExactly("Enqueue", "Dialing");
    }

    @Test
    void answeredCallTakesTheOffer() {
        ProcessInstance call = talkingCall();

        assertThat(callOffers.takenFor(call)).isEqualTo(1);
        assertThat(call).hasPassed("didTheCustomerAnswer", "customerOnTheLine");
    }

    @Test
    void busyCustomerIsRescheduledAndWaitsForAnAgentAgain() {
        ProcessInstance call = dialedCall();

        pbxGivesUp(call, "Busy");

        assertThat(call).isWaitingAtExactly("waitForAgent")
                .hasPassed("didTheCustomerAnswer", "mapPbxOutcome", "recordPbxOutcome", "callResultRecorded",
                        "rescheduleCall")
                .hasNotPassed("callFinished");
        assertThat(recordCallResult.lastFor(call)).containsEntry("callResult", "Busy").containsEntry("finish", false)
                .containsEntry("rescheduleAfter", "PT15M");
        assertThat(rescheduleCall.runsFor(call)).isEqualTo(1);
        assertThat(callOffers.takenFor(call)).as("the offer ends once the PBX has an outcome").isEqualTo(1);
        assertThat(phases.of(call)).containsExactly("Enqueue", "Dialing", "Enqueue");

        correlate(call, CallMessages.CALL_OFFERED);
        assertThat(call).isWaitingAtExactly("waitForPbxOutcome");
        assertThat(runtimeService().getVariable(call.getId(), CallVariables.ATTEMPT)).isEqualTo(2);
    }

    @Test
    void busyCustomerOnTheThirdAttemptEndsTheCall() {
        ProcessInstance call = startCall("Enqueue", "Project", Map.of(CallVariables.ATTEMPT, 2));
        correlate(call, CallMessages.CALL_OFFERED);

        pbxGivesUp(call, "Busy");

        assertThat(call).isEnded().hasPassed("mapPbxOutcome", "recordPbxOutcome", "callFinished")
                .hasNotPassed("rescheduleCall");
        assertThat(recordCallResult.lastFor(call)).containsEntry("callResult", "Busy").containsEntry("finish", true);
        assertThat(recordCallResult.lastFor(call).get("rescheduleAfter")).isNull();
        assertThat(historicVariable(call, CallVariables.ATTEMPT)).isEqualTo(3);
    }

    // ------------------------------------------------------------------ the after-call work

    @Test
    void answeredCallWithResultEntryFinishesAfterPostCallPause() {
        planAfterCallWork.postCallPause = "Timed";
        planAfterCallWork.postCallPauseDuration = "PT2M";
        ProcessInstance call = talkingCall();

        correlate(call, CallMessages.CALL_HUNG_UP);
        assertThat(call).isWaitingAtExactly("enterCallResult", "postCallPauseExpired");
        assertThat(task()).isAssignedTo(AGENT);
        assertThat(switchAgentToPostCallPause.runsFor(call)).isEqualTo(1);

        complete(task(), withVariables(CallVariables.GENERAL_RESULT, "Success", CallVariables.CALL_RESULT_DETAIL, "Sold"));
        assertThat(call).as("the result branch waits at the join for the pause")
                .isWaitingAtExactly("postCallPauseExpired", "afterCallWorkDone");

        execute(job());

        assertThat(call).isEnded()
                .hasPassed("enterCallResult", "mapCallResult", "recordCallResult", "postCallPauseExpired",
                        "returnAgentToReady", "afterCallWorkDone", "callFinished")
                .hasNotPassed("rescheduleCall");
        assertThat(returnAgentToReady.runsFor(call)).isEqualTo(1);
        assertThat(recordCallResult.lastFor(call)).containsEntry("callResult", "Success").containsEntry("finish", true);
        assertThat(historicVariable(call, CallVariables.CALL_RESULT_MAPPING)).isEqualTo(recordCallResult.lastFor(call));
        assertThat(phases.of(call))
                .containsExactly("Enqueue", "Dialing", "AgentTalk", "PostCall", "Result", "Finished");
    }

    @Test
    void postCallPauseEndingFirstLeavesTheAgentToEnterTheResult() {
        planAfterCallWork.postCallPause = "Timed";
        planAfterCallWork.postCallPauseDuration = "PT2M";
        ProcessInstance call = talkingCall();
        correlate(call, CallMessages.CALL_HUNG_UP);

        execute(job());
        assertThat(call).as("the pause branch waits at the join for the result")
                .isWaitingAtExactly("enterCallResult", "afterCallWorkDone");
        assertThat(returnAgentToReady.runsFor(call)).isEqualTo(1);

        complete(task(), withVariables(CallVariables.GENERAL_RESULT, "Success", CallVariables.CALL_RESULT_DETAIL, "Sold"));
        assertThat(call).isEnded().hasPassed("callFinished");
    }

    @Test
    void unlimitedPostCallPauseDoesNotWaitForATimer() {
        planAfterCallWork.postCallPause = "Unlimited";
        ProcessInstance call = talkingCall();

        correlate(call, CallMessages.CALL_HUNG_UP);

        assertThat(call).isWaitingAtExactly("enterCallResult", "afterCallWorkDone")
                .hasPassed("switchAgentToPostCallPause", "postCallPauseOver");
        assertThat(managementService().createJobQuery().processInstanceId(call.getId()).count()).isZero();
        assertThat(switchAgentToPostCallPause.runsFor(call)).isEqualTo(1);

        complete(task(), withVariables(CallVariables.GENERAL_RESULT, "Success", CallVariables.CALL_RESULT_DETAIL, "Sold"));
        assertThat(call).isEnded().hasPassed("callFinished").hasNotPassed("postCallPauseExpired", "returnAgentToReady");
        assertThat(returnAgentToReady.runsFor(call)).isZero();
    }

    @Test
    void resultEnteredBeforeTheDeadlineIsRecorded() {
        planAfterCallWork.resultEntry = "WithinDeadline";
        planAfterCallWork.resultDeadline = "PT1M";
        ProcessInstance call = talkingCall();
        correlate(call, CallMessages.CALL_HUNG_UP);
        assertThat(call).isWaitingAtExactly("enterCallResultBeforeDeadline");
        assertThat(task()).isAssignedTo(AGENT);

        complete(task(), withVariables(CallVariables.GENERAL_RESULT, "Failed", CallVariables.CALL_RESULT_DETAIL, "Wrong number"));

        assertThat(call).isEnded().hasPassed("mapCallResult", "callFinished").hasNotPassed("resultWaitExpired");
        assertThat(recordCallResult.lastFor(call)).containsEntry("callResult", "Failed").containsEntry("finish", true);
    }

    @Test
    void resultWaitExpiryEndsTheCallWithNoResult() {
        planAfterCallWork.resultEntry = "WithinDeadline";
        planAfterCallWork.resultDeadline = "PT1M";
        ProcessInstance call = talkingCall();
        correlate(call, CallMessages.CALL_HUNG_UP);
        assertThat(call).isWaitingAtExactly("enterCallResultBeforeDeadline");
        assertThat(job().getDuedate()).as("due after resultDeadline")
                .isCloseTo(Date.from(Instant.now().plus(1, ChronoUnit.MINUTES)), 10_000);

        execute(job());

        assertThat(call).isEnded().hasPassed("resultWaitExpired", "resultEntryOver", "mapCallResult", "callFinished")
                .hasNotPassed("switchAgentToPostCallPause");
        assertThat(recordCallResult.lastFor(call)).containsEntry("callResult", "NoResult").containsEntry("finish", true);
        assertThat(phases.of(call))
                .containsExactly("Enqueue", "Dialing", "AgentTalk", "PostCall", "Result", "Finished");
    }

    @Test
    void projectWithoutResultBarEndsWithNoResult() {
        planAfterCallWork.resultEntry = "None";
        ProcessInstance call = talkingCall();

        correlate(call, CallMessages.CALL_HUNG_UP);

        assertThat(call).isEnded().hasPassed("resultEntryOver", "mapCallResult", "doesAPostCallPauseRunAlongside", "callFinished")
                .hasNotPassed("enterCallResult", "enterCallResultBeforeDeadline", "switchAgentToPostCallPause",
                        "afterCallWorkDone");
        assertThat(recordCallResult.lastFor(call)).containsEntry("callResult", "NoResult").containsEntry("finish", true);
        assertThat(phases.of(call)).containsExactly("Enqueue", "Dialing", "AgentTalk", "PostCall", "Finished");
    }

    @Test
    void rescheduledResultPutsTheCallBackInTheQueue() {
        ProcessInstance call = talkingCall();
        correlate(call, CallMessages.CALL_HUNG_UP);

        complete(task(), withVariables(CallVariables.GENERAL_RESULT, "Rescheduled", CallVariables.CALL_RESULT_DETAIL, "Call back later"));

        assertThat(call).isWaitingAtExactly("waitForAgent").hasPassed("doesAPostCallPauseRunAlongside", "rescheduleCall")
                .hasNotPassed("callFinished");
        assertThat(recordCallResult.lastFor(call)).containsEntry("callResult", "Rescheduled")
                .containsEntry("finish", false).containsEntry("rescheduleAfter", "PT1H");
        assertThat(rescheduleCall.runsFor(call)).isEqualTo(1);
        assertThat(phases.of(call)).containsExactly("Enqueue", "Dialing", "AgentTalk", "PostCall", "Result", "Enqueue");
    }

    // ------------------------------------------------------------------ the result during the call

    @Test
    void resultEnteredDuringTheCallIsKeptAndTheCallFinishesWithItAfterTheHangUp() {
        openResultBar.open = true;
        // the after-call plan finds the result in: no more entry
        planAfterCallWork.resultEntry = "None";
        ProcessInstance call = dialedCall();

        correlate(call, CallMessages.CUSTOMER_ANSWERED);
        assertThat(call).as("the result task exists from the answer on")
                .isWaitingAtExactly("enterCallResultDuringTheCall");
        assertThat(task()).isAssignedTo(AGENT);
        complete(task(), withVariables(CallVariables.GENERAL_RESULT, "Success", CallVariables.CALL_RESULT_DETAIL, "Sold"));
        assertThat(call).as("the talk goes on").isWaitingAtExactly("talkOnAfterTheResult");
        assertThat(call).as("nothing recorded before the hang-up").hasNotPassed("mapCallResult", "recordCallResult");

        correlate(call, CallMessages.CALL_HUNG_UP);

        assertThat(call).isEnded()
                .hasPassed("openResultBar", "enterCallResultDuringTheCall", "talkOnAfterTheResult", "talkOver",
                        "planAfterCallWork", "mapCallResult", "recordCallResult", "callFinished")
                .hasNotPassed("waitForHangUp", "enterCallResult", "callHungUpBeforeTheResult");
        assertThat(recordCallResult.lastFor(call)).containsEntry("callResult", "Success").containsEntry("finish", true);
        assertThat(phases.of(call)).containsExactly("Enqueue", "Dialing", "AgentTalk", "PostCall",
                "Finished");
    }

    @Test
    void hangUpBeforeTheResultLeavesItToTheAfterCallWork() {
        openResultBar.open = true;
        ProcessInstance call = dialedCall();
        correlate(call, CallMessages.CUSTOMER_ANSWERED);
        assertThat(call).isWaitingAtExactly("enterCallResultDuringTheCall");

        correlate(call, CallMessages.CALL_HUNG_UP);
        assertThat(call).hasPassed("callHungUpBeforeTheResult", "talkOver", "planAfterCallWork")
                .isWaitingAtExactly("enterCallResult");
        complete(task(), withVariables(CallVariables.GENERAL_RESULT, "Success", CallVariables.CALL_RESULT_DETAIL, "Sold"));

        assertThat(call).isEnded().hasPassed("callFinished").hasNotPassed("talkOnAfterTheResult");
        assertThat(recordCallResult.lastFor(call)).containsEntry("callResult", "Success");
    }

    @Test
    void withNothingAfterTheCallTheHangUpLeavesTheResultTaskOpenAndTheResultFinishesTheCall() {
        openResultBar.open = true;
        openResultBar.afterCallWork = false;
        planAfterCallWork.resultEntry = "None";
        ProcessInstance call = dialedCall();
        correlate(call, CallMessages.CUSTOMER_ANSWERED);
        assertThat(call).isWaitingAtExactly("enterCallResultDuringOrAfterTheCall");
        String taskId = task().getId();

        correlate(call, CallMessages.CALL_HUNG_UP);
        assertThat(call).as("the agent keeps the task").isWaitingAtExactly("enterCallResultDuringOrAfterTheCall");
        assertThat(task().getId()).isEqualTo(taskId);
        assertThat(phases.of(call)).containsExactly("Enqueue", "Dialing", "AgentTalk", "Result");
        int revision = executionRevision(call);
        assertThat(messages.deliverIfAwaited(call.getId(), CallMessages.CALL_HUNG_UP, Map.of()))
                .as("a second hang-up of the talk (a late LineLost) is taken as nothing").isFalse();
        assertThat(executionRevision(call)).as("so a result in flight does not fail on it").isEqualTo(revision);

        complete(task(), withVariables(CallVariables.GENERAL_RESULT, "Success", CallVariables.CALL_RESULT_DETAIL, "Sold"));
        assertThat(call).isEnded()
                .hasPassed("isTheCustomerStillOnTheLine", "talkOver", "planAfterCallWork", "recordCallResult",
                        "callFinished")
                .hasNotPassed("waitForHangUp", "talkOnAfterTheResult", "enterCallResult", "enterCallResultDuringTheCall");
        assertThat(recordCallResult.lastFor(call)).containsEntry("callResult", "Success").containsEntry("finish", true);
    }

    @Test
    void withNothingAfterTheCallAResultDuringTheTalkWaitsForTheHangUp() {
        openResultBar.open = true;
        openResultBar.afterCallWork = false;
        planAfterCallWork.resultEntry = "None";
        ProcessInstance call = dialedCall();
        correlate(call, CallMessages.CUSTOMER_ANSWERED);

        complete(task(), withVariables(CallVariables.GENERAL_RESULT, "Success", CallVariables.CALL_RESULT_DETAIL, "Sold"));
        assertThat(call).as("the talk goes on").isWaitingAtExactly("waitForHangUp")
                .hasPassed("isTheCustomerStillOnTheLine", "talkGoesOn").hasNotPassed("recordCallResult");

        correlate(call, CallMessages.CALL_HUNG_UP);
        assertThat(call).isEnded().hasPassed("talkOver", "recordCallResult", "callFinished");
        assertThat(recordCallResult.lastFor(call)).containsEntry("callResult", "Success");
        assertThat(phases.of(call)).endsWith("AgentTalk", "PostCall", "Finished");
    }

    @Test
    void aHangUpFoundBeforeTheResultWasEnteredEndsNothingAfterIt() {
        openResultBar.open = true;
        openResultBar.afterCallWork = false;
        planAfterCallWork.resultEntry = "None";
        ProcessInstance call = dialedCall();
        correlate(call, CallMessages.CUSTOMER_ANSWERED);
        AwaitedMessages.Wait hangUp = messages.of(call.getId()).get(CallMessages.CALL_HUNG_UP);
        assertThat(hangUp.staysOpen()).isTrue();

        complete(task(), withVariables(CallVariables.GENERAL_RESULT, "Success", CallVariables.CALL_RESULT_DETAIL, "Sold"));
        assertThat(call).isWaitingAtExactly("waitForHangUp");

        assertThatThrownBy(() -> messages.deliverTo(hangUp, CallMessages.CALL_HUNG_UP, Map.of()))
                .isInstanceOf(MismatchingMessageCorrelationException.class);
        assertThat(call).as("the talk goes on").isWaitingAtExactly("waitForHangUp");
        assertThat(phases.of(call)).doesNotContain("Result");
    }

    // ------------------------------------------------------------------ helpers

    private int executionRevision(ProcessInstance call) {
        return commands().execute(
                context -> context.getExecutionManager().findExecutionById(call.getId()).getRevision());
    }

    private ProcessInstance startCall(String startPhase, String callType) {
        return startCall(startPhase, callType, Map.of());
    }

    private ProcessInstance startCall(String startPhase, String callType, Map<String, Object> overrides) {
        String callId = UUID.randomUUID().toString();
        Map<String, Object> variables = new HashMap<>();
        variables.put(CallVariables.START_PHASE, startPhase);
        variables.put(CallVariables.CALL_TYPE, callType);
        variables.put(CallVariables.LOST_SHIFT_CALLBACK, false);
        variables.put(CallVariables.ATTEMPT, 0);
        variables.put(CallVariables.AGENT_LOGIN, AGENT);
        variables.put(CallVariables.GENERAL_RESULT, null);
        variables.put(CallVariables.CALL_RESULT_DETAIL, null);
        variables.putAll(overrides);
        ProcessInstance call = runtimeService().startProcessInstanceByKey(CallVariables.PROCESS_KEY, callId, variables);
        assertThat(call).isStarted().hasBusinessKey(callId);
        return call;
    }

    private ProcessInstance startLostShiftCallback(Date deadline) {
        return startCall("Enqueue", "Callback",
                Map.of(CallVariables.LOST_SHIFT_CALLBACK, true, CallVariables.LOST_SHIFT_DEADLINE, deadline));
    }

    /** An enqueued project call, offered to an agent and dialed: waiting for the PBX. */
    private ProcessInstance dialedCall() {
        ProcessInstance call = startCall("Enqueue", "Project");
        correlate(call, CallMessages.CALL_OFFERED);
        assertThat(call).isWaitingAtExactly("waitForPbxOutcome");
        return call;
    }

    /** A dialed call the customer answered: the agent is talking. */
    private ProcessInstance talkingCall() {
        ProcessInstance call = dialedCall();
        correlate(call, CallMessages.CUSTOMER_ANSWERED);
        assertThat(call).isWaitingAtExactly("waitForHangUp");
        return call;
    }

    /** Delivers the message as the engine does, through AwaitedMessages. */
    private void correlate(ProcessInstance call, String message) {
        correlate(call, message, Map.of());
    }

    private void correlate(ProcessInstance call, String message, Map<String, Object> variables) {
        if (!messages.deliverIfAwaited(call.getId(), message, variables)) {
            throw new IllegalStateException(call.getId() + " does not wait for " + message);
        }
    }

    /** The PBX reports that the call did not connect, with the reason as the general result. */
    private void pbxGivesUp(ProcessInstance call, String generalResult) {
        correlate(call, CallMessages.CALL_FAILED, Map.of(CallVariables.GENERAL_RESULT, generalResult));
    }

    private static Object historicVariable(ProcessInstance call, String name) {
        return historyService().createHistoricVariableInstanceQuery().processInstanceId(call.getId())
                .variableName(name).singleResult().getValue();
    }

    // ------------------------------------------------------------------ stand-ins

    /** Stands in for the CallPhaseMirror bean: records the phases each call enters. */
    public static class PhaseRecorder extends CallPhaseMirror {
        private final Map<String, List<String>> phasesByCall = new HashMap<>();

        PhaseRecorder() {
            super(null, null);
        }

        @Override
        public boolean enter(DelegateExecution execution, String phase) {
            // the repository writes a phase the row already shows only for Dialing (a new attempt)
            boolean written = "Dialing".equals(phase) || !isIn(execution, phase);
            phasesByCall.computeIfAbsent(execution.getProcessBusinessKey(), key -> new ArrayList<>()).add(phase);
            return written;
        }

        @Override
        public boolean isIn(DelegateExecution execution, String phase) {
            List<String> entered = phasesByCall.getOrDefault(execution.getProcessBusinessKey(), List.of());
            return !entered.isEmpty() && entered.get(entered.size() - 1).equals(phase);
        }

        List<String> of(ProcessInstance call) {
            return phasesByCall.getOrDefault(call.getBusinessKey(), List.of());
        }
    }

    /** Records which calls it ran for. */
    public static class RecordingDelegate implements JavaDelegate {
        private final List<String> runs = new ArrayList<>();

        @Override
        public void execute(DelegateExecution execution) {
            runs.add(execution.getProcessBusinessKey());
        }

        long runsFor(ProcessInstance call) {
            return runs.stream().filter(call.getBusinessKey()::equals).count();
        }
    }

    /** Stands in for returnCallToQueue: says whether the offers are used up, as the test chose. */
    public static class ReturnCallToQueue extends RecordingDelegate {
        boolean offersExhausted;

        @Override
        public void execute(DelegateExecution execution) {
            super.execute(execution);
            execution.setVariable(CallVariables.OFFERS_EXHAUSTED, offersExhausted);
        }
    }

    /** Stands in for lookUpTheWaitingCall: the facts of a waiting campaign call, as a transient variable. */
    public static class LookUpTheWaitingCall implements JavaDelegate {
        String origin = "Api";

        @Override
        public void execute(DelegateExecution execution) {
            WaitingCall facts = new WaitingCall(UUID.fromString(execution.getProcessBusinessKey()), 10, 0, "Demo", null,
                    "Project", 0, origin, false);
            facts.decisionInputs().forEach((input, value) -> execution.setVariable(
                    LookUpTheWaitingCallDelegate.factName(input), Variables.untypedValue(value, true)));
        }
    }

    /** Stands in for applySchedulePostConditions: terminates the call when the test says so. */
    public static class ApplySchedulePostConditions extends RecordingDelegate {
        boolean terminate;

        @Override
        public void execute(DelegateExecution execution) {
            super.execute(execution);
            execution.setVariable(CallVariables.TERMINATE, terminate);
        }
    }

    /** Stands in for the callOffers bean: counts the offers the model marks taken. */
    public static class OfferLog {
        private final List<String> taken = new ArrayList<>();

        public void taken(DelegateExecution execution) {
            taken.add(execution.getProcessBusinessKey());
        }

        long takenFor(ProcessInstance call) {
            return taken.stream().filter(call.getBusinessKey()::equals).count();
        }
    }

    /** Dials like the real delegate: a new attempt without the previous outcome, or a rejection by the PBX. */
    public static class DialCustomer implements JavaDelegate {
        int dials;

        @Override
        public void execute(DelegateExecution execution) {
            dials++;
            execution.setVariable(CallVariables.ATTEMPT, (Integer) execution.getVariable(CallVariables.ATTEMPT) + 1);
            execution.setVariable(CallVariables.GENERAL_RESULT, null);
            execution.setVariable(CallVariables.CALL_RESULT_DETAIL, null);
        }
    }

    /** Sets the after-call work the test chose, as the real delegate does from the project's settings. */
    public static class PlanAfterCallWork implements JavaDelegate {
        String resultEntry = "Unlimited";
        String resultDeadline;
        String postCallPause = "Off";
        String postCallPauseDuration;

        @Override
        public void execute(DelegateExecution execution) {
            execution.setVariable(CallVariables.RESULT_ENTRY, resultEntry);
            execution.setVariable(CallVariables.RESULT_DEADLINE, resultDeadline);
            execution.setVariable(CallVariables.POST_CALL_PAUSE, postCallPause);
            execution.setVariable(CallVariables.POST_CALL_PAUSE_DURATION, postCallPauseDuration);
        }
    }

    /** Stands in for callResultInputs: the calls of these tests belong to no named campaign. */
    public static class NoCampaignNames implements ExecutionListener {
        @Override
        public void notify(DelegateExecution execution) {
            execution.setVariable(CallVariables.PROJECT, Variables.stringValue(null, true));
            execution.setVariable(CallVariables.OUTBOUND_LIST, Variables.stringValue(null, true));
        }
    }

    /** Stands in for openResultBar: the result bar opens at the answer only when the test says so. */
    public static class OpenResultBar implements JavaDelegate {
        boolean open;
        /** A post-call pause or a result wait starts at the hang-up. */
        boolean afterCallWork = true;

        @Override
        public void execute(DelegateExecution execution) {
            execution.setVariable(CallVariables.RESULT_BAR_DURING_THE_CALL, open);
            execution.setVariable(CallVariables.AFTER_CALL_WORK_FROM_THE_HANG_UP, afterCallWork);
        }
    }

    /** Keeps the decision's result it was given and ends or reschedules the call by its finish entry. */
    public static class RecordCallResult implements JavaDelegate {
        private final Map<String, Map<String, Object>> lastMappingByCall = new HashMap<>();

        @Override
        @SuppressWarnings("unchecked")
        public void execute(DelegateExecution execution) {
            Map<String, Object> mapping = (Map<String, Object>) execution.getVariable(CallVariables.CALL_RESULT_MAPPING);
            lastMappingByCall.put(execution.getProcessBusinessKey(), new LinkedHashMap<>(mapping));
            execution.setVariable(CallVariables.FINISH, mapping.get(CallVariables.FINISH));
        }

        Map<String, Object> lastFor(ProcessInstance call) {
            assertThat(lastMappingByCall).as("recordCallResult ran for %s", call.getBusinessKey())
                    .containsKey(call.getBusinessKey());
            return lastMappingByCall.get(call.getBusinessKey());
        }
    }
}
