package io.outboundcalls.pbx.asterisk;

import io.outboundcalls.pbx.OriginateRejectedException;
import io.outboundcalls.pbx.OriginateRequest;
import io.outboundcalls.pbx.PbxEvent;
import io.outboundcalls.pbx.PbxEventListener;
import io.outboundcalls.pbx.PbxGateway;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The PBX port on Asterisk, over AMI. A dial is one Originate: the agent's extension rings first
 * ({@code agent-channel}), and once the agent picks up the dialplan context ({@code context}) dials the customer's
 * number as its extension, with the project's caller ID (none: Asterisk's default). The reference
 * ({@code callId:attempt}) goes along as the Originate's ActionID and as the inherited channel variable
 * {@value AmiChannelEvents#REFERENCE_VARIABLE}, so every event of both legs, on every node's session, names its call
 * (see {@link AmiEvents}). Which lines are alive, and which channels a hang-up ends, Asterisk itself says
 * (CoreShowChannels): the adapter keeps no call in memory, and any node answers for any line.
 */
@Component
@ConditionalOnProperty(prefix = "outbound.pbx", name = "adapter", havingValue = "asterisk")
@EnableConfigurationProperties(AsteriskProperties.class)
class AsteriskPbx implements PbxGateway {

    private static final Logger LOG = LoggerFactory.getLogger(AsteriskPbx.class);
    /** Asterisk's channel state of a line that is up (answered). */
    private static final int STATE_UP = 6;

    private final AmiConnection ami;
    private final AsteriskProperties properties;
    private final PbxEventListener inbox;
    /**
     * The call groups (Linkedid, the agent leg's Uniqueid) whose OriginateResponse this node saw, with their
     * references: a fallback for Asterisk set up without {@code channelvars}; bounded, and lost on restart.
     */
    private final Map<String, String> groups = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 50_000;
        }
    });

    AsteriskPbx(AmiConnection ami, AsteriskProperties properties, PbxEventListener inbox) {
        this.ami = ami;
        this.properties = properties;
        this.inbox = inbox;
        ami.onEvent(this::onEvent);
        ami.onLogin(this::reportAnswersOfTheGap);
    }

    @Override
    public void originate(OriginateRequest request) {
        if (request.agentExtension() == null || request.agentExtension().isBlank()) {
            throw new OriginateRejectedException("the agent has no extension to ring");
        }
        OriginateAction originate = new OriginateAction();
        originate.setActionId(request.callReference());
        originate.setChannel(properties.agentChannelOf(request.agentExtension()));
        originate.setContext(properties.context());
        originate.setExten(request.number());
        originate.setPriority(1);
        if (request.callerId() != null && !request.callerId().isBlank()) {
            originate.setCallerId(request.callerId());
        }
        // two underscores: the customer's channel, dialed from the agent's, inherits it
        originate.setVariable("__" + AmiChannelEvents.REFERENCE_VARIABLE, request.callReference());
        originate.setTimeout(properties.agentRingTimeout().toMillis());
        originate.setAsync(true);
        ManagerResponse response = ami.send(originate);
        if (response instanceof ManagerError) {
            throw new OriginateRejectedException("Asterisk refused the originate: " + response.getMessage());
        }
        LOG.info("Asterisk originates {} from extension {} to {}", request.callReference(),
                request.agentExtension(), request.number());
    }

    @Override
    public void hangUp(String callReference) {
        for (AmiChannelEvents.CoreShowChannel channel : channels()) {
            if (callReference.equals(AmiEvents.referenceOf(channel, groups::get))) {
                HangupAction hangup = new HangupAction(channel.getChannel(), HangupCauses.NORMAL_CLEARING);
                ManagerResponse response = ami.send(hangup);
                if (response instanceof ManagerError) {
                    // gone meanwhile: its own Hangup event reports it
                    LOG.debug("Hangup of {} refused: {}", channel.getChannel(), response.getMessage());
                }
            }
        }
    }

    @Override
    public Set<String> liveReferences() {
        Set<String> live = new HashSet<>();
        for (AmiChannelEvents.CoreShowChannel channel : channels()) {
            String reference = AmiEvents.referenceOf(channel, groups::get);
            if (reference != null) {
                live.add(reference);
            }
        }
        return live;
    }

    private List<AmiChannelEvents.CoreShowChannel> channels() {
        return ami.list(new CoreShowChannelsAction()).getEvents().stream()
                .filter(AmiChannelEvents.CoreShowChannel.class::isInstance)
                .map(AmiChannelEvents.CoreShowChannel.class::cast)
                .toList();
    }

    private void onEvent(ManagerEvent event) {
        if (event instanceof OriginateResponseEvent response && response.getUniqueId() != null
                && AmiEvents.isReference(response.getActionId())) {
            groups.put(response.getUniqueId(), response.getActionId());
        }
        AmiEvents.translate(event, groups::get).ifPresent(inbox::onEvent);
        if (event instanceof AmiChannelEvents.Hangup hangup && hangup.getUniqueId() != null
                && hangup.getUniqueId().equals(hangup.getLinkedId())) {
            groups.remove(hangup.getUniqueId());
        }
    }

    /**
     * After a lost session: a customer who answered meanwhile is on an Up channel now, and the inbox takes the answer
     * once however often it is reported. Lines that ended meanwhile are for reconciliation, which finds them gone.
     */
    private void reportAnswersOfTheGap() {
        for (AmiChannelEvents.CoreShowChannel channel : channels()) {
            Integer state = channel.getChannelState();
            String reference = AmiEvents.referenceOf(channel, groups::get);
            if (reference != null && state != null && state == STATE_UP
                    && AmiEvents.customerLeg(channel.getUniqueid(), channel.getLinkedid())) {
                inbox.onEvent(new PbxEvent(reference, PbxEvent.Type.CustomerAnswered));
            }
        }
    }
}
