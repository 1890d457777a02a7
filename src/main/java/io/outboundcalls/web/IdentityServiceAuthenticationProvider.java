package io.outboundcalls.web;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Checks HTTP Basic credentials against the engine's identity service, so that the users operators manage in
 * Camunda Admin are the users of the REST API; the user's groups become authorities {@code GROUP_<id>}.
 */
@Component
class IdentityServiceAuthenticationProvider implements AuthenticationProvider {

    private final IdentityService identityService;

    IdentityServiceAuthenticationProvider(IdentityService identityService) {
        this.identityService = identityService;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String login = authentication.getName();
        Object credentials = authentication.getCredentials();
        if (login == null || credentials == null || !identityService.checkPassword(login, credentials.toString())) {
            throw new BadCredentialsException("bad user name or password");
        }
        List<SimpleGrantedAuthority> groups = identityService.createGroupQuery().groupMember(login).list().stream()
                .map(group -> new SimpleGrantedAuthority(CurrentUser.GROUP_PREFIX + group.getId()))
                .toList();
        return UsernamePasswordAuthenticationToken.authenticated(login, null, groups);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
