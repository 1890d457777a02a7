package io.outboundcalls.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * No observation per security filter. Switching the observations off by property
 * ({@code management.observations.enable.spring.security}) still wraps every filter of every request in a decorator;
 * with 300 desktops polling, those wrappers cost more CPU than the requests' own work (JFR, docs/call-lifecycle.md).
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservations {

    @Bean
    SecurityObservationSettings noSecurityFilterObservations() {
        return SecurityObservationSettings.noObservations();
    }
}
