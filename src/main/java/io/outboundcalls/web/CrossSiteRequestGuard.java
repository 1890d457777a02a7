package io.outboundcalls.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses state-changing requests that a browser sends from a page of another site. Browsers resend cached HTTP Basic
 * credentials with a form POST, a {@code text/plain} fetch or a plain link from any page, and such requests need no
 * CORS preflight, so without this check any page an agent opens could dial through the agent's phone or import calls.
 * The browser names the page's site in {@code Origin} (or at least in {@code Referer}); the request passes when that
 * is the engine's own origin or one of {@code outbound.web.allowed-origins}. Requests with neither header come from
 * servers and scripts (CTI servers, curl), which hold their credentials themselves, and pass, unless the browser's
 * {@code Sec-Fetch-Site} shows a page of another site that hid its referrer. Checked: POST, PUT, PATCH, DELETE, and
 * the GETs that change state (the seed's bar URL dials on GET).
 */
public class CrossSiteRequestGuard extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    /** Sec-Fetch-Site values of requests no other site made: the engine's own pages, and the user's own navigation. */
    private static final Set<String> OWN_FETCH_SITES = Set.of("same-origin", "none");

    private static final String DESKTOP_APP_ORIGIN = "file://";

    private final Set<String> allowedOrigins;
    private final Set<String> stateChangingGets;
    private final ObjectMapper objectMapper;

    /** {@code stateChangingGets}: paths (without the context path) whose GET changes state. */
    public CrossSiteRequestGuard(Collection<String> allowedOrigins, Collection<String> stateChangingGets,
            ObjectMapper objectMapper) {
        this.allowedOrigins = allowedOrigins.stream().map(CrossSiteRequestGuard::normalized)
                .flatMap(Optional::stream).collect(Collectors.toUnmodifiableSet());
        this.stateChangingGets = Set.copyOf(stateChangingGets);
        this.objectMapper = objectMapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SAFE_METHODS.contains(request.getMethod().toUpperCase(Locale.ROOT)) && !changesStateOnGet(request)) {
            chain.doFilter(request, response);
            return;
        }
        String header = "Origin";
        String claimed = request.getHeader("Origin");
        if (claimed == null) {
            header = "Referer";
            claimed = request.getHeader("Referer");
        }
        if (claimed == null) {
            String fetchSite = request.getHeader("Sec-Fetch-Site");
            if (fetchSite == null || OWN_FETCH_SITES.contains(fetchSite.strip().toLowerCase(Locale.ROOT))) {
                chain.doFilter(request, response);
                return;
            }
            header = "Sec-Fetch-Site";
            claimed = fetchSite;
        }
        // desktop apps that run local pages (Camunda Modeler deploying to /engine-rest) send file://, which no web
        // page can: browsers send "null" for local files
        if (claimed.strip().equalsIgnoreCase(DESKTOP_APP_ORIGIN)) {
            chain.doFilter(request, response);
            return;
        }
        // "null" (a sandboxed frame, a local file, a redirect across sites) and garbage are foreign too
        Optional<String> origin = normalized(claimed);
        if (origin.isPresent() && (origin.get().equals(ownOrigin(request)) || allowedOrigins.contains(origin.get()))) {
            chain.doFilter(request, response);
            return;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "cross-site request refused: "
                + header + " '" + shorten(claimed) + "' is neither this engine's origin nor one of"
                + " outbound.web.allowed-origins" + (header.equals("Sec-Fetch-Site")
                        ? " (a page of another site that sends neither Origin nor Referer)" : ""));
        problem.setTitle("Cross-site request");
        response.setStatus(HttpStatus.FORBIDDEN.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem);
    }

    private boolean changesStateOnGet(HttpServletRequest request) {
        if (!request.getMethod().equalsIgnoreCase("GET")) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        int parameters = path.indexOf(';');
        return stateChangingGets.contains(parameters < 0 ? path : path.substring(0, parameters));
    }

    /** scheme://host:port as the client addressed this server (behind a proxy, as its forwarded headers say). */
    private static String ownOrigin(HttpServletRequest request) {
        return origin(request.getScheme(), request.getServerName(), request.getServerPort());
    }

    /** The origin of an Origin value or a Referer URL, with the scheme's default port made explicit. */
    static Optional<String> normalized(String value) {
        try {
            URI uri = URI.create(value.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(origin(uri.getScheme(), uri.getHost(), uri.getPort()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String origin(String scheme, String host, int port) {
        String s = scheme.toLowerCase(Locale.ROOT);
        int p = port > 0 ? port : s.equals("https") ? 443 : s.equals("http") ? 80 : -1;
        String h = host.toLowerCase(Locale.ROOT);
        if (h.contains(":") && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return s + "://" + h + ":" + p;
    }

    private static String shorten(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "…" : value;
    }
}
