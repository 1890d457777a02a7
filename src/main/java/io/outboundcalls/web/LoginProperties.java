package io.outboundcalls.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How wrong passwords slow down guessing, under {@code outbound.login}: a user is locked for at most {@code lock}
 * after wrong passwords (never for good), and a client address that sent {@code failuresPerAddress} wrong passwords
 * within {@code lock} is refused for {@code lock}.
 */
@ConfigurationProperties("outbound.login")
public record LoginProperties(@DefaultValue("5m") Duration lock, @DefaultValue("20") int failuresPerAddress) {
}
