package io.outboundcalls.pbx.asterisk;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health}'s component "pbx": UP while this node's AMI session is logged in, DOWN (with the reason
 * and since when) while Asterisk is out of reach. The application keeps running either way; the liveness and
 * readiness groups leave it out, so a PBX outage restarts no node.
 */
@Component
@ConditionalOnProperty(prefix = "outbound.pbx", name = "adapter", havingValue = "asterisk")
class PbxHealthIndicator implements HealthIndicator {

    private final AmiConnection ami;

    PbxHealthIndicator(AmiConnection ami) {
        this.ami = ami;
    }

    @Override
    public Health health() {
        if (ami.isUp()) {
            return Health.up().withDetail("asterisk", ami.address()).build();
        }
        return Health.down().withDetail("asterisk", ami.address()).withDetail("problem", String.valueOf(ami.problem()))
                .withDetail("since", ami.downSince().toString()).build();
    }
}
