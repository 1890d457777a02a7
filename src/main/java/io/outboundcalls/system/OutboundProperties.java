package io.outboundcalls.system;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings of the engine under the prefix {@code outbound}; every default runs. */
@ConfigurationProperties("outbound")
public record OutboundProperties(
        @DefaultValue("CZ") String defaultRegion,
        ZoneId timeZone,
        String nodeId,
        @DefaultValue Distribution distribution,
        @DefaultValue PostConditions postConditions,
        @DefaultValue Pbx pbx) {

    public OutboundProperties {
        if (timeZone == null) {
            timeZone = ZoneId.systemDefault();
        }
        if (nodeId == null || nodeId.isBlank()) {
            // host and process: tells the nodes of a cluster apart in the offer log
            nodeId = ManagementFactory.getRuntimeMXBean().getName();
        }
    }

    /** The distribution cycle. */
    public record Distribution(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1s") Duration interval,
            @DefaultValue("200") int pickupBatchSize) {
    }

    /**
     * How often waiting calls are screened against the schedule post conditions, how many are read at a time and
     * how much time one screening may take.
     */
    public record PostConditions(
            @DefaultValue("5s") Duration interval,
            @DefaultValue("5000") int batchSize,
            @DefaultValue("250ms") Duration timeBudget) {
    }

    /**
     * Which PBX adapter runs and how the engine waits on it: how many threads hand stored events to the calls'
     * processes and how many send originates (each waits for the PBX's answer to its action), how long an agent's
     * line may ring or a talk may last before reconciliation ends it, how often every node reconciles, how often a
     * dial whose PBX could not be reached is tried again, and how long an event that its call cannot take yet stays
     * parked before it is given up (reconciliation then settles the call).
     */
    public record Pbx(@DefaultValue("simulated") String adapter, @DefaultValue("4") int eventThreads,
            @DefaultValue("60s") Duration ringTimeout,
            @DefaultValue("4h") Duration maxTalkTime,
            @DefaultValue("5s") Duration reconcileInterval,
            @DefaultValue("3") int sendRetries,
            @DefaultValue("5m") Duration parkedEventLimit,
            @DefaultValue Simulator simulator,
            @DefaultValue("4") int originateThreads) {
    }

    /**
     * The simulated PBX: numbers ending 0486 are busy, 0487 do not answer, 0488 fail to originate; the agent
     * extensions listed in unansweredExtensions ring for agentRingTimeout and never pick up (the offer comes back as
     * NoAnswer).
     */
    public record Simulator(
            @DefaultValue("1s") Duration answerDelay,
            @DefaultValue("3s") Duration talkTime,
            @DefaultValue("") List<String> unansweredExtensions,
            @DefaultValue("20s") Duration agentRingTimeout) {
    }
}
