package io.outboundcalls.system;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The configuration parameters as the engine uses them, read through a cache: as in the seed ("Clear the
 * DataStructures.Config cache"), a changed value applies once the cache is cleared. A clear on one node counts up a
 * generation in the database, which every node polls ({@code outbound.config-cache-poll}, 1 s), so it applies on
 * every node of the cluster within about a second.
 */
@Component
public class ConfigParameters {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigParameters.class);

    private final JdbcClient jdbc;
    /** The values and the generation read before them: a snapshot older than the stored generation is dropped. */
    private volatile Snapshot cache;

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
        Snapshot snapshot = cache;
        if (snapshot == null) {
            // the generation first: values loaded after it are at least as new, so the next poll never keeps older ones
            long generation = generation();
            snapshot = new Snapshot(generation, load());
            cache = snapshot;
        }
        return snapshot.values().get(parameter);
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

    /** Clears the cache on this node at once and, through the stored generation, on every other node. */
    public void clearCache() {
        jdbc.sql("update config_cache_generation set generation = generation + 1 where id = 1").update();
        cache = null;
    }

    /** Drops this node's cache when another node cleared the cache since it was loaded. */
    @Scheduled(fixedDelayString = "${outbound.config-cache-poll:1s}",
            initialDelayString = "${outbound.config-cache-poll:1s}")
    void followClearsOfOtherNodes() {
        Snapshot snapshot = cache;
        if (snapshot == null) {
            return;
        }
        try {
            long generation = generation();
            if (generation != snapshot.generation() && cache == snapshot) {
                cache = null;
                LOG.info("Configuration cache cleared on another node (generation {}); reloading", generation);
            }
        } catch (DataAccessException e) {
            // the next poll tries again; until then the values in effect stay, as they would without a clear
            LOG.warn("Cannot read the configuration cache generation: {}", e.getMessage());
        }
    }

    private long generation() {
        return jdbc.sql("select generation from config_cache_generation where id = 1").query(Long.class).optional()
                .orElse(0L);
    }

    private record Snapshot(long generation, Map<ConfigParameter, String> values) {
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
