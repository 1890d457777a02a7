package io.outboundcalls.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The {@link LoginThrottle} in front of the Camunda webapps' login form (POST
 * /camunda/api/admin/auth/user/{engine}/login/{app}), which answers 401 to a wrong password.
 */
class WebappLoginThrottle extends OncePerRequestFilter {

    private final LoginThrottle throttle;

    WebappLoginThrottle(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || !request.getRequestURI().matches(".*/api/admin/auth/user/[^/]+/login/[^/]+/?");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        Duration wait = throttle.waitOf(address);
        if (!wait.isZero()) {
            LoginThrottledException refused = new LoginThrottledException(wait);
            response.setHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
            response.sendError(429, refused.getMessage());
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            throttle.failed(address);
        }
    }
}
