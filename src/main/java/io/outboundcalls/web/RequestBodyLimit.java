package io.outboundcalls.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies of the API: a CSV import at {@code outbound.limits.max-csv-bytes}, anything else (JSON, form
 * bodies) at {@code max-json-bytes}. A declared length over the cap is refused before a byte is read; a chunked body
 * is counted as it is read and stops at the cap, so an endless upload can neither fill the disk nor hold a
 * transaction open without end (the import's transaction rolls back: nothing of the file is written).
 */
public class RequestBodyLimit extends OncePerRequestFilter {

    private final long maxJsonBytes;
    private final long maxCsvBytes;
    private final ObjectMapper objectMapper;

    public RequestBodyLimit(long maxJsonBytes, long maxCsvBytes, ObjectMapper objectMapper) {
        this.maxJsonBytes = maxJsonBytes;
        this.maxCsvBytes = maxCsvBytes;
        this.objectMapper = objectMapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean csv = isCsv(request.getContentType());
        long limit = csv ? maxCsvBytes : maxJsonBytes;
        String what = csv ? "the CSV file" : "the request body";
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                    new BodyTooLargeException(what, limit).getMessage());
            problem.setTitle("Payload too large");
            response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            // the unread body is not worth keeping the connection for
            response.setHeader("Connection", "close");
            objectMapper.writeValue(response.getOutputStream(), problem);
            return;
        }
        chain.doFilter(new Capped(request, limit, what), response);
    }

    private static boolean isCsv(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/csv") || type.startsWith("application/csv") || type.startsWith("text/plain");
    }

    /** The request with a body that throws {@link BodyTooLargeException} once more than the limit was read. */
    private static final class Capped extends HttpServletRequestWrapper {

        private final long limit;
        private final String what;
        private ServletInputStream stream;

        Capped(HttpServletRequest request, long limit, String what) {
            super(request);
            this.limit = limit;
            this.what = what;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream());
            }
            return stream;
        }

        private final class Counting extends ServletInputStream {

            private final ServletInputStream body;
            private long read;

            Counting(ServletInputStream body) {
                this.body = body;
            }

            @Override
            public int read() throws IOException {
                int b = body.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = body.read(buffer, offset, length);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            private void count(int n) {
                read += n;
                if (read > limit) {
                    throw new BodyTooLargeException(what, limit);
                }
            }

            @Override
            public boolean isFinished() {
                return body.isFinished();
            }

            @Override
            public boolean isReady() {
                return body.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                body.setReadListener(listener);
            }
        }
    }
}
