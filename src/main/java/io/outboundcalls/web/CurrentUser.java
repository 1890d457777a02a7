package io.outboundcalls.web;

import io.outboundcalls.domain.NotPermittedException;
import java.util.Collection;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The authenticated user of the current request: login and engine groups. */
public record CurrentUser(String login, Collection<String> groups) {

    static final String GROUP_PREFIX = "GROUP_";
    public static final String ADMIN_GROUP = "camunda-admin";

    public static CurrentUser get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            throw new NotPermittedException("no authenticated user");
        }
        return new CurrentUser(authentication.getName(), authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith(GROUP_PREFIX))
                .map(a -> a.substring(GROUP_PREFIX.length()))
                .toList());
    }

    public boolean isAdmin() {
        return groups.contains(ADMIN_GROUP);
    }
}
