package io.outboundcalls.pbx.asterisk;

import io.outboundcalls.agent.AgentRepository;
import io.outboundcalls.agent.LineState;
import io.outboundcalls.agent.Workplace;
import io.outboundcalls.agent.WorkplaceRepository;
import org.asteriskjava.manager.action.ExtensionStateAction;
import org.asteriskjava.manager.event.DeviceStateChangeEvent;
import org.asteriskjava.manager.event.ExtensionStatusEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.response.ExtensionStateResponse;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The agents' phones as Asterisk sees them, in the agent's line state that the distribution's "agent line is free"
 * condition reads: a phone that rings or talks (an inbound call, one dialed by hand) takes its agent out of the
 * outbound offers until it is idle again. Fed by ExtensionStatus (the hint of the workplace's extension in
 * {@code hint-context}) and DeviceStateChange (the device named like {@code agent-channel}), and asked for every
 * workplace's extension after each login, since changes during a lost session are not reported.
 */
@Component
@ConditionalOnProperty(prefix = "outbound.pbx", name = "adapter", havingValue = "asterisk")
class AgentPhones {

    private static final Logger LOG = LoggerFactory.getLogger(AgentPhones.class);
    /** Extension states (AST_EXTENSION_*): removed, deleted and unknown say nothing about the phone. */
    private static final int IDLE = 0;

    private final AmiConnection ami;
    private final AsteriskProperties properties;
    private final AgentRepository agents;
    private final WorkplaceRepository workplaces;

    AgentPhones(AmiConnection ami, AsteriskProperties properties, AgentRepository agents,
            WorkplaceRepository workplaces) {
        this.ami = ami;
        this.properties = properties;
        this.agents = agents;
        this.workplaces = workplaces;
        ami.onEvent(this::onEvent);
        ami.onLogin(this::askEveryPhone);
    }

    private void onEvent(ManagerEvent event) {
        if (event instanceof ExtensionStatusEvent status) {
            report(status.getExten(), extensionState(status.getStatus()));
        } else if (event instanceof DeviceStateChangeEvent device) {
            report(properties.extensionOfDevice(device.getDevice()), deviceState(device.getState()));
        }
    }

    private void askEveryPhone() {
        for (Workplace workplace : workplaces.findAll()) {
            if (workplace.extension() == null || workplace.extension().isBlank()) {
                continue;
            }
            ManagerResponse response = ami.send(new ExtensionStateAction(workplace.extension(),
                    properties.hintContext()));
            if (response instanceof ExtensionStateResponse state) {
                report(workplace.extension(), extensionState(state.getStatus()));
            }
        }
    }

    private void report(String extension, LineState state) {
        if (extension == null || state == null) {
            return;
        }
        if (agents.reportPhoneLine(extension, state) > 0) {
            LOG.info("Phone of extension {} is {}", extension, state);
        }
    }

    /** Idle is free; in use, busy, ringing, on hold or unavailable (not registered) is not. */
    static LineState extensionState(Integer status) {
        if (status == null || status < 0) {
            return null;
        }
        return status == IDLE ? LineState.Free : LineState.Busy;
    }

    /** NOT_INUSE is free; UNKNOWN and INVALID say nothing; any other state (INUSE, RINGING, ...) is not free. */
    static LineState deviceState(String state) {
        if (state == null) {
            return null;
        }
        return switch (state.toUpperCase()) {
            case "NOT_INUSE" -> LineState.Free;
            case "UNKNOWN", "INVALID" -> null;
            default -> LineState.Busy;
        };
    }
}
