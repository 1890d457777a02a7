package io.outboundcalls.pbx;

import io.outboundcalls.system.OutboundProperties;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * A PBX in memory, so the engine runs end to end without a telephone exchange: the agent answers at once, then a
 * number ending in 0486 is busy, 0487 does not answer, 0488 cannot be originated, and any other answers after
 * {@code answer-delay} and hangs up after {@code talk-time}.
 */
@Component
@ConditionalOnProperty(prefix = "outbound.pbx", name = "adapter", havingValue = "simulated", matchIfMissing = true)
class SimulatedPbx implements PbxGateway, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedPbx.class);

    private final PbxEventListener listener;
    private final Duration answerDelay;
    private final Duration talkTime;
    private final ScheduledExecutorService timeline = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "simulated-pbx");
        thread.setDaemon(true);
        return thread;
    });

    SimulatedPbx(PbxEventListener listener, OutboundProperties properties) {
        this.listener = listener;
        this.answerDelay = properties.pbx().simulator().answerDelay();
        this.talkTime = properties.pbx().simulator().talkTime();
    }

    @Override
    public void originate(OriginateRequest request) {
        String number = request.number();
        if (number.endsWith("0488")) {
            throw new OriginateRejectedException("simulated PBX rejects numbers ending in 0488");
        }
        LOG.info("Simulated PBX dials extension {} then {} for call {}", request.agentExtension(), number,
                request.callReference());
        PbxEvent.Type outcome = number.endsWith("0486") ? PbxEvent.Type.CustomerBusy
                : number.endsWith("0487") ? PbxEvent.Type.CustomerNoAnswer
                : PbxEvent.Type.CustomerAnswered;
        // One task per call keeps its events in order: the hang-up never overtakes the answer.
        timeline.schedule(() -> {
            emit(request.callReference(), outcome);
            if (outcome == PbxEvent.Type.CustomerAnswered) {
                timeline.schedule(() -> emit(request.callReference(), PbxEvent.Type.HungUp),
                        talkTime.toMillis(), TimeUnit.MILLISECONDS);
            }
        }, answerDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void emit(String callReference, PbxEvent.Type type) {
        try {
            listener.onEvent(new PbxEvent(callReference, type));
        } catch (RuntimeException e) {
            LOG.error("Event {} of call {} was not delivered", type, callReference, e);
        }
    }

    @Override
    public void destroy() {
        timeline.shutdownNow();
    }
}
