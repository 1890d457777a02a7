package io.outboundcalls.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first administrator, under {@code outbound.admin} (or OUTBOUND_ADMIN_USERNAME / OUTBOUND_ADMIN_PASSWORD):
 * required on a database that gets no demo data, created when the engine has no such user yet.
 */
@ConfigurationProperties("outbound.admin")
public record AdminProperties(@DefaultValue("admin") String username, String password) {

    public boolean hasPassword() {
        return password != null && !password.isBlank();
    }
}
