package io.outboundcalls.process;

import io.outboundcalls.pbx.PbxEvent;
import io.outboundcalls.pbx.PbxEventListener;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Turns PBX events into the messages of the call's process instance. */
@Component
class PbxEventHandler implements PbxEventListener {

    private final CallEventCorrelator correlator;

    PbxEventHandler(CallEventCorrelator correlator) {
        this.correlator = correlator;
    }

    @Override
    public void onEvent(PbxEvent event) {
        UUID callId = UUID.fromString(event.callReference());
        switch (event.type()) {
            case AgentNoAnswer -> correlator.deliver(callId, CallMessages.OFFER_DECLINED, Map.of());
            case CustomerAnswered -> correlator.deliver(callId, CallMessages.CUSTOMER_ANSWERED, Map.of());
            case CustomerBusy -> failed(callId, "Busy");
            case CustomerNoAnswer -> failed(callId, "NoAnswer");
            case CallFailed -> failed(callId, "Failed");
            case HungUp -> correlator.deliver(callId, CallMessages.CALL_HUNG_UP, Map.of());
        }
    }

    private void failed(UUID callId, String generalResult) {
        correlator.deliver(callId, CallMessages.CALL_FAILED, Map.of(CallVariables.GENERAL_RESULT, generalResult));
    }
}
