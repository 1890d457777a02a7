package io.outboundcalls.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * HTTP Basic for /api/** and /engine-rest/** (Camunda Modeler deploys there); the Camunda webapps keep their
 * own login and CSRF protection, so Spring Security leaves /camunda/** to them. The engine REST API and the
 * administration registers let any user read and only administrators change them; /api/config is admin only.
 */
@Configuration
class SecurityConfig {

    static final String ADMIN_AUTHORITY = CurrentUser.GROUP_PREFIX + CurrentUser.ADMIN_GROUP;

    /** The administration resources of API.md; writing them needs the group camunda-admin. */
    static final List<String> ADMINISTRATION = List.of("/api/projects/**", "/api/outbound-lists/**", "/api/agents/**",
            "/api/workplaces/**", "/api/agent-statuses/**", "/api/languages/**", "/api/call-result-details/**");

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, IdentityServiceAuthenticationProvider provider,
            ObjectMapper objectMapper) throws Exception {
        AuthenticationManager manager = new ProviderManager(provider);
        // Path matchers over the whole path: /engine-rest is a Jersey servlet, which MVC matchers do not see.
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(path.matcher("/api/**"), path.matcher("/engine-rest/**")))
                .authenticationManager(manager)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(path.matcher(HttpMethod.GET, "/engine-rest/**")).authenticated()
                        .requestMatchers(path.matcher("/engine-rest/**")).hasAuthority(ADMIN_AUTHORITY)
                        // API.md: configuration is for administrators only, reads included
                        .requestMatchers(path.matcher("/api/config/**")).hasAuthority(ADMIN_AUTHORITY)
                        // the CSV import under a list needs AllowWrite (checked by its controller), not the admin group
                        .requestMatchers(path.matcher("/api/outbound-lists/*/calls/**")).authenticated()
                        // the administration registers: anyone reads (agents read lists and statuses), admins write
                        .requestMatchers(path.matcher(HttpMethod.GET, "/api/**")).authenticated()
                        .requestMatchers(ADMINISTRATION.stream().map(path::matcher).toArray(RequestMatcher[]::new))
                                .hasAuthority(ADMIN_AUTHORITY)
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"outbound-call-engine\"");
                    writeProblem(response, objectMapper, HttpStatus.UNAUTHORIZED,
                            "authentication required: HTTP Basic with a user of the engine's identity service");
                }))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) ->
                        writeProblem(response, objectMapper, HttpStatus.FORBIDDEN,
                                "not allowed for this user: " + request.getMethod() + " " + request.getRequestURI()
                                        + " needs group " + CurrentUser.ADMIN_GROUP)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        // Webapps, actuator, OpenAPI and static pages; the webapps authenticate their own users.
        http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()));
        return http.build();
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
