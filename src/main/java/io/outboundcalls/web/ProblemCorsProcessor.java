package io.outboundcalls.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

/**
 * CORS as Spring does it, except that a refused request (a read from a page of an origin that is not allowed, a
 * preflight for one) gets a problem body like every other error of the API rather than Spring's plain text.
 */
class ProblemCorsProcessor extends DefaultCorsProcessor {

    private final ObjectMapper objectMapper;

    ProblemCorsProcessor(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    @Override
    protected void rejectRequest(ServerHttpResponse response) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "Origin: a page of this origin"
                + " may not call the API; the allowed origins are set in outbound.web.allowed-origins");
        problem.setTitle(HttpStatus.FORBIDDEN.getReasonPhrase());
        response.setStatusCode(HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getBody().write(objectMapper.writeValueAsBytes(problem));
        response.flush();
    }
}
