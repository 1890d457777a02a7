package io.outboundcalls.pbx.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.pbx.PbxEvent;
import org.junit.jupiter.api.Test;

class HangupCausesTest {

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
