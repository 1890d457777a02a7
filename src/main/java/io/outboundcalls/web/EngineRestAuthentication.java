package io.outboundcalls.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes the user Spring Security authenticated for /engine-rest the engine's authenticated user for the request, so
 * that Camunda's authorization applies there as in the webapps (without it the engine would run every call of
 * /engine-rest unchecked). Registered for /engine-rest/* after the security filters, in {@link SecurityConfig}.
 */
class EngineRestAuthentication extends OncePerRequestFilter {

    /** Looked up on the first request: servlet filters are built before the database migrations ran. */
    private final ObjectProvider<IdentityService> identityService;

    EngineRestAuthentication(ObjectProvider<IdentityService> identityService) {
        this.identityService = identityService;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            // Spring Security lets no anonymous request through to /engine-rest; never run one unchecked
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        IdentityService identity = identityService.getObject();
        String login = authentication.getName();
        List<String> groups = identity.createGroupQuery().groupMember(login).list().stream().map(Group::getId).toList();
        identity.setAuthentication(login, groups);
        try {
            chain.doFilter(request, response);
        } finally {
            identity.clearAuthentication();
        }
    }
}
