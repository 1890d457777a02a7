package io.outboundcalls.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what, in one place (the table of README.md): HTTP Basic for /api/** and /engine-rest/**, with the
 * {@link Authorities} checked here by path and in controllers by {@code @PreAuthorize}; the Camunda webapps keep
 * their own session login and CSRF protection, and Camunda's authorization (grants in {@link EngineAuthorizations})
 * decides what their users and the users of /engine-rest may do in the engine.
 */
@Configuration
@EnableMethodSecurity
class SecurityConfig {

    /** The administration resources of API.md; writing them needs camunda-admin. */
    static final List<String> ADMINISTRATION = List.of("/api/projects/**", "/api/outbound-lists/**", "/api/agents/**",
            "/api/workplaces/**", "/api/agent-statuses/**", "/api/languages/**", "/api/call-result-details/**");

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, IdentityServiceAuthenticationProvider provider,
            ObjectMapper objectMapper) throws Exception {
        AuthenticationManager manager = new ProviderManager(provider);
        // Path matchers over the whole path: /engine-rest is a Jersey servlet, which MVC matchers do not see.
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        // /ReactClient/api/** is the seed's own path of the bar web URL, with the same rules as /api/**
        http.securityMatcher(new OrRequestMatcher(path.matcher("/api/**"), path.matcher("/ReactClient/api/**"),
                        path.matcher("/engine-rest/**")))
                .authenticationManager(manager)
                .authorizeHttpRequests(auth -> auth
                        // reads are filtered by Camunda's authorization (EngineRestAuthentication); changes are for
                        // administrators (Camunda Modeler deploys here), whatever grants say
                        .requestMatchers(path.matcher(HttpMethod.GET, "/engine-rest/**")).authenticated()
                        .requestMatchers(path.matcher("/engine-rest/**")).hasAuthority(Authorities.ADMIN)
                        // API.md: configuration is for administrators only, reads included
                        .requestMatchers(path.matcher("/api/config/**")).hasAuthority(Authorities.ADMIN)
                        // the CSV import under a list needs WRITE (@PreAuthorize), not the admin role
                        .requestMatchers(path.matcher("/api/outbound-lists/*/calls/**")).authenticated()
                        // the administration registers: anyone reads (agents read lists and statuses), admins write
                        .requestMatchers(path.matcher(HttpMethod.GET, "/api/**")).authenticated()
                        // other channels report an agent's workload: supervisors too (@PreAuthorize)
                        .requestMatchers(path.matcher(HttpMethod.PUT, "/api/agents/*/workload")).authenticated()
                        .requestMatchers(path.matcher("/ReactClient/api/**")).authenticated()
                        .requestMatchers(ADMINISTRATION.stream().map(path::matcher).toArray(RequestMatcher[]::new))
                                .hasAuthority(Authorities.ADMIN)
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> {
                    if (e instanceof LoginThrottledException throttled) {
                        response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
                        writeProblem(response, objectMapper, HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
                        return;
                    }
                    response.setHeader("WWW-Authenticate", "Basic realm=\"outbound-call-engine\"");
                    writeProblem(response, objectMapper, HttpStatus.UNAUTHORIZED,
                            "authentication required: HTTP Basic with a user of the engine's identity service");
                }))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) ->
                        writeProblem(response, objectMapper, HttpStatus.FORBIDDEN,
                                "not allowed for this user: " + request.getMethod() + " " + request.getRequestURI()
                                        + " needs group " + Authorities.ADMIN_GROUP)))
                // machines send credentials with every request (remembered briefly by the provider); people use
                // the webapps' session login
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        // Webapps, actuator, OpenAPI and static pages; the webapps authenticate their own users. Camunda's setup page
        // would let the first visitor create an administrator: the administrator comes from FirstAdministrator.
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers(path.matcher("/camunda/api/admin/setup/**")).denyAll()
                        .anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()));
        return http.build();
    }

    @Bean
    FilterRegistrationBean<EngineRestAuthentication> engineRestAuthentication(
            ObjectProvider<IdentityService> identity) {
        FilterRegistrationBean<EngineRestAuthentication> registration =
                new FilterRegistrationBean<>(new EngineRestAuthentication(identity));
        registration.addUrlPatterns("/engine-rest/*");
        // after Spring Security's filter chain (order -100), which authenticated the request
        registration.setOrder(0);
        return registration;
    }

    @Bean
    FilterRegistrationBean<WebappLoginThrottle> webappLoginThrottle(LoginThrottle throttle) {
        FilterRegistrationBean<WebappLoginThrottle> registration =
                new FilterRegistrationBean<>(new WebappLoginThrottle(throttle));
        registration.addUrlPatterns("/camunda/api/admin/auth/user/*");
        registration.setOrder(0);
        return registration;
    }

    private static void writeProblem(HttpServletResponse response, ObjectMapper objectMapper, HttpStatus status,
            String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem);
    }
}
