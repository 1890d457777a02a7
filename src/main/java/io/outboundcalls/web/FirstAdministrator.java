package io.outboundcalls.web;

import io.outboundcalls.system.DemoDataCondition;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The administrator of a database without demo data comes from configuration, never from the first visitor of
 * Camunda's setup page (which SecurityConfig closes): without {@code outbound.admin.password} such a start fails.
 * With demo data the setting is optional. An existing user keeps its password; only the membership is ensured.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class FirstAdministrator implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(FirstAdministrator.class);

    private final IdentityService identity;
    private final AdminProperties admin;

    FirstAdministrator(IdentityService identity, AdminProperties admin, Environment environment) {
        if (!admin.hasPassword() && !DemoDataCondition.applies(environment)) {
            // thrown while the context starts, before the engine serves anything
            throw new IllegalStateException("No administrator configured: this database gets no demo data (profile '"
                    + DemoDataCondition.PROFILE + "' is not active and the database is not the embedded H2), so set"
                    + " outbound.admin.password (environment OUTBOUND_ADMIN_PASSWORD) and optionally"
                    + " outbound.admin.username (OUTBOUND_ADMIN_USERNAME, default 'admin'), or activate the profile '"
                    + DemoDataCondition.PROFILE + "' for the demo users");
        }
        this.identity = identity;
        this.admin = admin;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!admin.hasPassword()) {
            return;
        }
        String login = admin.username();
        try {
            if (identity.createUserQuery().userId(login).count() == 0) {
                User user = identity.newUser(login);
                user.setFirstName("Administrator");
                user.setLastName(login);
                user.setPassword(admin.password());
                identity.saveUser(user);
                LOG.info("Created the administrator '{}' from outbound.admin", login);
            }
            if (identity.createUserQuery().userId(login).memberOfGroup(Authorities.ADMIN_GROUP).count() == 0) {
                identity.createMembership(login, Authorities.ADMIN_GROUP);
            }
        } catch (ProcessEngineException e) {
            LOG.info("Administrator '{}' written by another node meanwhile: {}", login, e.getMessage());
        }
    }
}
