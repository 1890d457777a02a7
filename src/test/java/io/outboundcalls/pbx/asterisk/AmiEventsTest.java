package io.outboundcalls.pbx.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.pbx.PbxEvent;
import java.util.Map;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.junit.jupiter.api.Test;

/** What AMI events, hang-up causes and phone states mean for a call; the wire itself is AsteriskPbxIT's. */
class AmiEventsTest {

    static final String REFERENCE = "6ae5002a-e4c2-4d17-a6c2-a53791d45e0e:1";

    @Test
    void causesOfTheCustomersLegMapToTheGeneralResults() {
        assertThat(HangupCauses.meaning(16, true)).isEqualTo(PbxEvent.Type.HungUp);
        assertThat(HangupCauses.meaning(31, true)).isEqualTo(PbxEvent.Type.HungUp);
        assertThat(HangupCauses.meaning(17, true)).isEqualTo(PbxEvent.Type.CustomerBusy);
        assertThat(HangupCauses.meaning(18, true)).isEqualTo(PbxEvent.Type.CustomerNoAnswer);
        assertThat(HangupCauses.meaning(19, true)).isEqualTo(PbxEvent.Type.CustomerNoAnswer);
        assertThat(HangupCauses.meaning(1, true)).isEqualTo(PbxEvent.Type.CallFailed);
        assertThat(HangupCauses.meaning(34, true)).isEqualTo(PbxEvent.Type.CallFailed);
        assertThat(HangupCauses.meaning(0, true)).isNull();
    }

    @Test
    void theAgentsLegOnlyEndsATalk() {
        assertThat(HangupCauses.meaning(16, false)).isEqualTo(PbxEvent.Type.HungUp);
        assertThat(HangupCauses.meaning(17, false)).isNull();
        assertThat(HangupCauses.meaning(19, false)).isNull();
    }

    @Test
    void dialStatusesMapLikeTheirCauses() {
        assertThat(AmiEvents.dialStatus("ANSWER")).isEqualTo(PbxEvent.Type.CustomerAnswered);
        assertThat(AmiEvents.dialStatus("BUSY")).isEqualTo(PbxEvent.Type.CustomerBusy);
        assertThat(AmiEvents.dialStatus("NOANSWER")).isEqualTo(PbxEvent.Type.CustomerNoAnswer);
        assertThat(AmiEvents.dialStatus("CONGESTION")).isEqualTo(PbxEvent.Type.CallFailed);
        assertThat(AmiEvents.dialStatus("CHANUNAVAIL")).isEqualTo(PbxEvent.Type.CallFailed);
        assertThat(AmiEvents.dialStatus("CANCEL")).isNull();
    }

    @Test
    void channelEventsAreMappedByTheirVariableOrElseByTheGroupTheOriginateStarted() {
        AmiChannelEvents.Hangup withVariable = hangup("1.2", "1.1", 17);
        withVariable.setChanVariable(Map.of(AmiChannelEvents.REFERENCE_VARIABLE, REFERENCE));
        assertThat(AmiEvents.translate(withVariable, group -> null))
                .contains(new PbxEvent(REFERENCE, PbxEvent.Type.CustomerBusy));

        AmiChannelEvents.Hangup withoutVariable = hangup("1.2", "1.1", 16);
        assertThat(AmiEvents.translate(withoutVariable, group -> "1.1".equals(group) ? REFERENCE : null))
                .contains(new PbxEvent(REFERENCE, PbxEvent.Type.HungUp));
        assertThat(AmiEvents.translate(withoutVariable, group -> null)).isEmpty();
    }

    @Test
    void originateFailureIsTheAgentNotPickingUp() {
        OriginateResponseEvent failure = new OriginateResponseEvent(this);
        failure.setActionId(REFERENCE);
        failure.setResponse("Failure");
        failure.setReason(3);
        assertThat(AmiEvents.translate(failure, group -> null))
                .contains(new PbxEvent(REFERENCE, PbxEvent.Type.AgentNoAnswer));
        OriginateResponseEvent success = new OriginateResponseEvent(this);
        success.setActionId(REFERENCE);
        success.setResponse("Success");
        assertThat(AmiEvents.translate(success, group -> null)).isEmpty();
    }

    private AmiChannelEvents.Hangup hangup(String uniqueId, String linkedId, int cause) {
        AmiChannelEvents.Hangup hangup = new AmiChannelEvents.Hangup(this);
        hangup.setUniqueId(uniqueId);
        hangup.setLinkedId(linkedId);
        hangup.setCause(cause);
        return hangup;
    }

    @Test
    void phoneStatesFreeOnlyAnIdlePhone() {
        assertThat(AgentPhones.extensionState(0)).hasToString("Free");
        assertThat(AgentPhones.extensionState(1)).hasToString("Busy");
        assertThat(AgentPhones.extensionState(8)).hasToString("Busy");
        assertThat(AgentPhones.extensionState(-1)).isNull();
        assertThat(AgentPhones.deviceState("NOT_INUSE")).hasToString("Free");
        assertThat(AgentPhones.deviceState("INUSE")).hasToString("Busy");
        assertThat(AgentPhones.deviceState("UNKNOWN")).isNull();
    }
}
