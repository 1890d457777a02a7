package io.outboundcalls.web;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** This client address sent too many wrong passwords lately; answered 429 with Retry-After. */
class LoginThrottledException extends AuthenticationException {

    private final Duration wait;

    LoginThrottledException(Duration wait) {
        super("too many wrong passwords from this address; try again in " + seconds(wait) + " s");
        this.wait = wait;
    }

    long retryAfterSeconds() {
        return seconds(wait);
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
