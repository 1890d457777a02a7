package io.outboundcalls.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP settings under {@code outbound}: the origins whose pages may send state-changing requests (besides the
 * engine's own) and the largest request bodies taken.
 */
@ConfigurationProperties("outbound")
public record WebProperties(@DefaultValue Web web, @DefaultValue Limits limits) {

    /** {@code allowedOrigins}: scheme://host[:port] of pages (a CRM) that may call the API from a browser. */
    public record Web(@DefaultValue("") List<String> allowedOrigins) {
    }

    /** The largest JSON (or form) body and the largest CSV import; a larger one is a 413. */
    public record Limits(@DefaultValue("1MB") DataSize maxJsonBytes, @DefaultValue("100MB") DataSize maxCsvBytes) {
    }
}
