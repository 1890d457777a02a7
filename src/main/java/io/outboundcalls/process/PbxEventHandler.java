package io.outboundcalls.process;

import io.outboundcalls.pbx.PbxEvent;
import io.outboundcalls.pbx.PbxEventListener;
import io.outboundcalls.system.OutboundProperties;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Turns PBX events into the messages of the call's process instance. The adapter's thread only queues the event:
 * each call's events go, in order, to one of a few worker threads (by the call's reference), so a busy engine never
 * holds up the PBX connection and the hang-up never overtakes the answer.
 */
@Component
class PbxEventHandler implements PbxEventListener, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(PbxEventHandler.class);

    private final CallEventCorrelator correlator;
    private final ExecutorService[] stripes;

    PbxEventHandler(CallEventCorrelator correlator, OutboundProperties properties) {
        this.correlator = correlator;
        this.stripes = new ExecutorService[properties.pbx().eventThreads()];
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "pbx-events");
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    @Override
    public void onEvent(PbxEvent event) {
        int stripe = Math.floorMod(event.callReference().hashCode(), stripes.length);
        stripes[stripe].execute(() -> {
            try {
                handle(event);
            } catch (RuntimeException e) {
                LOG.error("PBX event {} of call {} was not delivered", event.type(), event.callReference(), e);
            }
        });
    }

    private void handle(PbxEvent event) {
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

    @Override
    public void destroy() {
        for (ExecutorService stripe : stripes) {
            stripe.shutdownNow();
        }
    }
}
