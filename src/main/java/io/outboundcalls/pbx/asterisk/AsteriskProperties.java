package io.outboundcalls.pbx.asterisk;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the Asterisk adapter finds its PBX ({@code outbound.pbx.asterisk.*}, read only with
 * {@code outbound.pbx.adapter=asterisk}): the AMI address and manager user, the dialplan context the customer's number
 * is dialed in, how an agent's extension becomes a channel and a device, how long the agent's phone rings, and how
 * the adapter waits for AMI: per action, and between reconnects (doubling from the first to the longest pause).
 */
@ConfigurationProperties("outbound.pbx.asterisk")
public record AsteriskProperties(
        @DefaultValue("localhost") String host,
        @DefaultValue("5038") int port,
        @DefaultValue("outbound") String username,
        @DefaultValue("") String secret,
        @DefaultValue("outbound-calls") String context,
        @DefaultValue("PJSIP/{extension}") String agentChannel,
        @DefaultValue("default") String hintContext,
        @DefaultValue("30s") Duration agentRingTimeout,
        @DefaultValue("5s") Duration actionTimeout,
        @DefaultValue("1s") Duration reconnectFirst,
        @DefaultValue("30s") Duration reconnectLongest) {

    /** The channel that rings the agent's phone: the template with the extension filled in. */
    String agentChannelOf(String extension) {
        return agentChannel.replace("{extension}", extension);
    }

    /**
     * The extension whose device this is ({@code PJSIP/1001} for the template {@code PJSIP/{extension}}), or null for
     * a device that is not an agent's channel.
     */
    String extensionOfDevice(String device) {
        int at = agentChannel.indexOf("{extension}");
        if (device == null || at < 0) {
            return null;
        }
        String prefix = agentChannel.substring(0, at);
        String suffix = agentChannel.substring(at + "{extension}".length());
        if (!device.startsWith(prefix) || !device.endsWith(suffix)
                || device.length() <= prefix.length() + suffix.length()) {
            return null;
        }
        return device.substring(prefix.length(), device.length() - suffix.length());
    }
}
