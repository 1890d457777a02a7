package io.outboundcalls.system;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The configuration parameters as the engine uses them, read through a cache: as in the seed ("Clear the
 * DataStructures.Config cache"), a changed value applies once the cache is cleared, on every node that clears it.
 */
@Component
public class ConfigParameters {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigParameters.class);

    private final JdbcClient jdbc;
    private volatile Map<ConfigParameter, String> cache;

    ConfigParameters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean privateCallsOnBarAction() {
        return Boolean.parseBoolean(value(ConfigParameter.PrivateCallsOnBarAction));
    }

    public boolean privateCallsOnWebAction() {
        return Boolean.parseBoolean(value(ConfigParameter.PrivateCallsOnWebAction));
    }

    public Duration lostShiftWindow() {
        return Duration.parse(value(ConfigParameter.LostShiftWindow));
    }

    public boolean unifiedQueue() {
        return Boolean.parseBoolean(value(ConfigParameter.UnifiedQueue));
    }

    /** The value the engine uses now (cached). */
    public String value(ConfigParameter parameter) {
        Map<ConfigParameter, String> values = cache;
        if (values == null) {
            values = load();
            cache = values;
        }
        return values.get(parameter);
    }

    /** The value stored in the database, which applies after the next {@link #clearCache()}. */
    public String storedValue(ConfigParameter parameter) {
        return load().get(parameter);
    }

    /** Stores a value (already normalized); the cache keeps the old value until it is cleared. */
    public void store(ConfigParameter parameter, String value) {
        // fill an empty cache with the values before the change, or the next read would apply the change at once
        value(parameter);
        int updated = jdbc.sql("""
                update config_parameter set config_value = :value, updated_at = current_timestamp where name = :name
                """)
                .param("name", parameter.name()).param("value", value).update();
        if (updated == 0) {
            jdbc.sql("insert into config_parameter (name, config_value) values (:name, :value)")
                    .param("name", parameter.name()).param("value", value).update();
        }
    }

    public void clearCache() {
        cache = null;
    }

    private Map<ConfigParameter, String> load() {
        Map<ConfigParameter, String> values = new EnumMap<>(ConfigParameter.class);
        for (ConfigParameter parameter : ConfigParameter.values()) {
            values.put(parameter, parameter.defaultValue());
        }
        List<Map.Entry<String, String>> rows = jdbc.sql("select name, config_value from config_parameter")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2)))
                .list();
        for (Map.Entry<String, String> row : rows) {
            ConfigParameter.named(row.getKey()).ifPresent(parameter -> {
                try {
                    values.put(parameter, parameter.normalize(row.getValue()));
                } catch (IllegalArgumentException e) {
                    // a bad value written by SQL keeps the default rather than stopping the engine
                    LOG.warn("config_parameter {}: {}; using the default {}", parameter, e.getMessage(),
                            parameter.defaultValue());
                }
            });
        }
        return values;
    }
}
