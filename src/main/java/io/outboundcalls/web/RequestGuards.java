package io.outboundcalls.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outboundcalls.domain.Inputs;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The checks every request passes before any controller: the cross-site guard and CORS (both ahead of Spring
 * Security, whose filter chain runs at order -100, so that a forged request is refused before it is authenticated
 * and a preflight needs no credentials), the body size caps, and no control characters in query or form parameters.
 */
@Configuration
class RequestGuards implements WebMvcConfigurer {

    /** The API paths of the engine itself (the seed's bar URL also under /ReactClient). */
    static final List<String> API_PATHS = List.of("/api/*", "/ReactClient/api/*");

    /** The seed's bar URL: a GET that dials. */
    static final List<String> DIALING_GETS = List.of("/api/bar/web", "/ReactClient/api/bar/web");

    /**
     * The bar web URL's Seq, which "the system does not check in any way and returns unchanged in the reply" (the
     * seed): it is only echoed, JSON-escaped, so no input rule applies to it.
     */
    static final String ECHOED_BAR_PARAMETER = "Seq";

    private final WebProperties properties;

    RequestGuards(WebProperties properties) {
        this.properties = properties;
    }

    @Bean
    FilterRegistrationBean<CorsFilter> corsFilter(ObjectMapper objectMapper) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.web().allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
        cors.addAllowedHeader(CorsConfiguration.ALL);
        cors.addExposedHeader("Location");
        cors.addExposedHeader("Retry-After");
        // a CRM page calls with the agent's browser credentials
        cors.setAllowCredentials(true);
        cors.setMaxAge(Duration.ofMinutes(30));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        source.registerCorsConfiguration("/ReactClient/api/**", cors);
        CorsFilter filter = new CorsFilter(source);
        filter.setCorsProcessor(new ProblemCorsProcessor(objectMapper));
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter);
        // after the guard, which answers a forged request with a problem rather than CORS's bare 403
        registration.setOrder(-110);
        return registration;
    }

    /** Every path: the Camunda webapps and /engine-rest change state too, and their own pages are same-origin. */
    @Bean
    FilterRegistrationBean<CrossSiteRequestGuard> crossSiteRequestGuard(ObjectMapper objectMapper) {
        FilterRegistrationBean<CrossSiteRequestGuard> registration = new FilterRegistrationBean<>(
                new CrossSiteRequestGuard(properties.web().allowedOrigins(), DIALING_GETS, objectMapper));
        registration.setOrder(-120);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(ObjectMapper objectMapper) {
        FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(new RequestBodyLimit(
                properties.limits().maxJsonBytes().toBytes(), properties.limits().maxCsvBytes().toBytes(),
                objectMapper));
        registration.setUrlPatterns(API_PATHS);
        registration.setOrder(-105);
        return registration;
    }

    @Bean
    InputRulesModule inputRulesModule() {
        return new InputRulesModule();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                // query and form parameters of every handler, whether it binds them one by one or reads them all
                Map<String, String[]> parameters;
                try {
                    parameters = request.getParameterMap();
                } catch (RuntimeException undecodable) {
                    // the handler reports a query or form body the container cannot decode, naming what it reads
                    return true;
                }
                String path = request.getRequestURI().substring(request.getContextPath().length());
                boolean barWeb = DIALING_GETS.contains(path);
                parameters.forEach((name, values) -> {
                    if (barWeb && ECHOED_BAR_PARAMETER.equalsIgnoreCase(name)) {
                        return;
                    }
                    Inputs.plainText("parameter name", name, false);
                    for (String value : values) {
                        Inputs.plainText(name, value, false);
                    }
                });
                return true;
            }
        });
    }
}
