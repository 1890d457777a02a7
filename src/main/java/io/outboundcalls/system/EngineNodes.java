package io.outboundcalls.system;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.HashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The engine nodes on this database and when each was last seen (table engine_node): a node whose heartbeat stopped
 * for {@link #SILENCE} is taken for dead, and the others take over what it owned.
 */
@Component
public class EngineNodes {

    /** Four missed heartbeats. */
    public static final Duration SILENCE = Duration.ofSeconds(20);
    private static final Logger LOG = LoggerFactory.getLogger(EngineNodes.class);

    private final JdbcClient jdbc;
    private final String self;
    private final Clock clock;

    public EngineNodes(JdbcClient jdbc, OutboundProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.self = properties.nodeId();
        this.clock = clock;
    }

    public String self() {
        return self;
    }

    @Scheduled(fixedDelay = 5000)
    void heartbeat() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        try {
            if (jdbc.sql("update engine_node set seen_at = :now where node_id = :node")
                    .param("now", now).param("node", self).update() == 0) {
                jdbc.sql("insert into engine_node (node_id, started_at, seen_at) values (:node, :now, :now)")
                        .param("now", now).param("node", self).update();
            }
            // nodes gone for a day are history
            jdbc.sql("delete from engine_node where seen_at < :before").param("before", now.minusDays(1)).update();
        } catch (RuntimeException e) {
            LOG.warn("Heartbeat of node {} not written: {}", self, e.toString());
        }
    }

    /** Whether a node showed no sign of life for {@link #SILENCE}; a node never seen counts as silent. */
    public Set<String> silentAmong(Set<String> nodes) {
        Set<String> alive = new HashSet<>(jdbc.sql("select node_id from engine_node where seen_at >= :since")
                .param("since", OffsetDateTime.now(clock).minus(SILENCE)).query(String.class).list());
        alive.add(self);
        Set<String> silent = new HashSet<>(nodes);
        silent.removeAll(alive);
        return silent;
    }
}
