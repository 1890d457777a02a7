package io.outboundcalls.pbx.asterisk;

import io.outboundcalls.pbx.PbxEvent;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;

/**
 * What an AMI event means for a call. The originate rings the agent first: its channel (the "agent's leg") starts
 * the call's linked group, so its Uniqueid is the group's Linkedid; the channel the dialplan then dials is the
 * "customer's leg". Both carry the reference as the channel variable {@value AmiChannelEvents#REFERENCE_VARIABLE},
 * the originate's OriginateResponse carries it as its ActionID. Events of other channels mean nothing to the engine.
 * The same fact may come twice (Newstate Up and DialEnd ANSWER, DialEnd BUSY and Hangup 17): the inbox stores it
 * once.
 */
final class AmiEvents {

    private static final Pattern REFERENCE = Pattern.compile("[0-9a-fA-F-]{36}:\\d+");
    /** Asterisk's channel states (AST_STATE_*) that say something about the customer's leg. */
    private static final int STATE_UP = 6;
    private static final int STATE_BUSY = 7;

    private AmiEvents() {
    }

    /**
     * The event for the inbox, if this AMI event says something the engine acts on. A channel event without the
     * channel variable (a manager.conf without {@code channelvars}) is placed by its Linkedid, if this node saw the
     * group's OriginateResponse.
     */
    static Optional<PbxEvent> translate(ManagerEvent event, Function<String, String> referenceOfGroup) {
        if (event instanceof OriginateResponseEvent response) {
            return originateResponse(response);
        }
        if (!(event instanceof AmiChannelEvents.WithVariables channel)) {
            return Optional.empty();
        }
        String reference = referenceOf(channel, referenceOfGroup);
        if (reference == null) {
            return Optional.empty();
        }
        PbxEvent.Type type = null;
        if (event instanceof AmiChannelEvents.Newstate state) {
            type = customerLeg(state.getUniqueId(), state.getLinkedId()) ? newState(state.getChannelState()) : null;
        } else if (event instanceof AmiChannelEvents.DialEnd dial) {
            // a Dial without a calling channel is the originate ringing the agent: its OriginateResponse reports it
            type = dial.getChannel() == null ? null : dialStatus(dial.getDialStatus());
        } else if (event instanceof AmiChannelEvents.Hangup hangup) {
            type = HangupCauses.meaning(hangup.getCause(), customerLeg(hangup.getUniqueId(), hangup.getLinkedId()));
        }
        return Optional.ofNullable(type).map(t -> new PbxEvent(reference, t));
    }

    /**
     * Success: the agent picked up and the dialplan dials the customer, which later events report. Failure (the
     * agent's phone rang out, was busy, rejected, or could not be reached): the agent did not take the call up, which
     * is not the customer's result, so the call goes back to its queue as after an unanswered offer.
     */
    private static Optional<PbxEvent> originateResponse(OriginateResponseEvent response) {
        String reference = response.getActionId();
        if (!isReference(reference) || !"Failure".equalsIgnoreCase(response.getResponse())) {
            return Optional.empty();
        }
        return Optional.of(new PbxEvent(reference, PbxEvent.Type.AgentNoAnswer));
    }

    private static PbxEvent.Type newState(Integer state) {
        if (state == null) {
            return null;
        }
        return switch (state) {
            case STATE_UP -> PbxEvent.Type.CustomerAnswered;
            case STATE_BUSY -> PbxEvent.Type.CustomerBusy;
            default -> null;
        };
    }

    /** Dial's DIALSTATUS; CANCEL (the agent hung up first) and others leave it to the Hangup. */
    static PbxEvent.Type dialStatus(String status) {
        if (status == null) {
            return null;
        }
        return switch (status.toUpperCase()) {
            case "ANSWER" -> PbxEvent.Type.CustomerAnswered;
            case "BUSY" -> PbxEvent.Type.CustomerBusy;
            case "NOANSWER" -> PbxEvent.Type.CustomerNoAnswer;
            case "CONGESTION", "CHANUNAVAIL", "INVALIDARGS" -> PbxEvent.Type.CallFailed;
            default -> null;
        };
    }

    /** The customer's leg is any channel of the call but the one the originate created. */
    static boolean customerLeg(String uniqueId, String linkedId) {
        return uniqueId != null && linkedId != null && !uniqueId.equals(linkedId);
    }

    /** The channel's reference: its variable, else what the group's originate said. */
    static String referenceOf(AmiChannelEvents.WithVariables channel, Function<String, String> referenceOfGroup) {
        if (isReference(channel.reference())) {
            return channel.reference();
        }
        String byGroup = channel.linkedId() == null ? null : referenceOfGroup.apply(channel.linkedId());
        return isReference(byGroup) ? byGroup : null;
    }

    static boolean isReference(String value) {
        return value != null && REFERENCE.matcher(value).matches();
    }
}
