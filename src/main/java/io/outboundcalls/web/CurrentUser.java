package io.outboundcalls.web;

import io.outboundcalls.domain.NotPermittedException;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The authenticated user of the current request: login and authorities (see {@link Authorities}). */
public record CurrentUser(String login, Set<String> authorities) {

    public static CurrentUser get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            throw new NotPermittedException("no authenticated user");
        }
        return of(authentication.getName(), authentication.getAuthorities());
    }

    static CurrentUser of(String login, Collection<? extends GrantedAuthority> authorities) {
        return new CurrentUser(login, authorities.stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toUnmodifiableSet()));
    }

    public boolean isAdmin() {
        return authorities.contains(Authorities.ADMIN);
    }

    /** Supervisors and administrators act for other agents (AgentId, another agent's call); agents for themselves. */
    public boolean actsForOthers() {
        return isAdmin() || authorities.contains(Authorities.SUPERVISOR);
    }
}
