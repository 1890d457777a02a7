package io.outboundcalls.web;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * The identity service's lock after wrong passwords, bounded by {@code outbound.login.lock}: Camunda doubles the lock
 * with every wrong password (from 3 s) and, by default, locks a user for good after ten, which lets anyone who knows
 * a login lock its agent out. Here the attempts never run out and no lock lasts longer than the configured time.
 */
@Component
class LoginLockPlugin extends AbstractProcessEnginePlugin {

    private final LoginProperties login;

    LoginLockPlugin(LoginProperties login) {
        this.login = login;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        int maxSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, login.lock().toSeconds()));
        configuration.setLoginMaxAttempts(Integer.MAX_VALUE);
        configuration.setLoginDelayMaxTime(maxSeconds);
        configuration.setLoginDelayBase(Math.min(3, maxSeconds));
        configuration.setLoginDelayFactor(2);
    }
}
