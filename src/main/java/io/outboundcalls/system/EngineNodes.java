package io.outboundcalls.system;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The engine nodes on this database and when each was last seen (table engine_node): a node whose heartbeat stopped
 * for {@link #SILENCE} is taken for dead, and the others take over what it owned; so is, at once, a node whose process
 * a node on the same machine sees ended ({@link NodeProcess}). Each node also says whether it
 * reaches the PBX, so that one whose connection is down can leave PBX work to one whose connection is up.
 */
@Component
public class EngineNodes implements DisposableBean {

    private static final long HEARTBEAT_MILLIS = 5000;
    /** How often a live node says so. */
    public static final Duration HEARTBEAT = Duration.ofMillis(HEARTBEAT_MILLIS);
    /** Four missed heartbeats. */
    public static final Duration SILENCE = HEARTBEAT.multipliedBy(4);
    /**
     * A heartbeat late by half its period: a node whose process is seen ended must also be this late, so that a node
     * still writing its heartbeat is never taken for dead by what this node makes of its process.
     */
    static final Duration LATE = HEARTBEAT.multipliedBy(3).dividedBy(2);
    private static final Logger LOG = LoggerFactory.getLogger(EngineNodes.class);

    private final JdbcClient jdbc;
    private final String self;
    private final NodeProcess process;
    private final Clock clock;
    /** The nodes this node has said it took for dead by their ended process, so that it says so once. */
    private final Set<String> takenForDeadByProcess = ConcurrentHashMap.newKeySet();
    /** Since this node's first try that did not reach the PBX, none reaching it since; null while it reaches it. */
    private volatile OffsetDateTime pbxOutOfReachSince;
    /** Its changes and their writes in one order, so that a heartbeat never writes back a value already replaced. */
    private final Object reach = new Object();

    public EngineNodes(JdbcClient jdbc, OutboundProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.self = properties.nodeId();
        this.process = NodeProcess.current();
        this.clock = clock;
    }

    public String self() {
        return self;
    }

    @Scheduled(fixedDelay = HEARTBEAT_MILLIS)
    void heartbeat() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        try {
            synchronized (reach) {
                OffsetDateTime outOfReachSince = pbxOutOfReachSince;
                // the process too: a node restarted under the same name runs in a new one
                if (jdbc.sql("""
                        update engine_node set seen_at = :now, pbx_out_of_reach_since = :outOfReachSince,
                            machine = :machine, pid = :pid, process_start_ticks = :processStartTicks
                        where node_id = :node
                        """)
                        .param("now", now).param("outOfReachSince", outOfReachSince).param("node", self)
                        .param("machine", process.machine()).param("pid", process.pid())
                        .param("processStartTicks", process.startTicks())
                        .update() == 0) {
                    jdbc.sql("""
                            insert into engine_node (node_id, started_at, seen_at, pbx_out_of_reach_since, machine, pid,
                                process_start_ticks)
                            values (:node, :now, :now, :outOfReachSince, :machine, :pid, :processStartTicks)
                            """)
                            .param("now", now).param("outOfReachSince", outOfReachSince).param("node", self)
                            .param("machine", process.machine()).param("pid", process.pid())
                            .param("processStartTicks", process.startTicks())
                            .update();
                }
            }
            // nodes gone for a day are history
            jdbc.sql("delete from engine_node where seen_at < :before").param("before", now.minusDays(1)).update();
        } catch (RuntimeException e) {
            LOG.warn("Heartbeat of node {} not written: {}", self, e.toString());
        }
    }

    /**
     * The nodes among these that are dead: silent for {@link #SILENCE}, or late with their heartbeat by {@link #LATE}
     * while their process is seen ended on this machine; a node never seen counts as dead.
     */
    public Set<String> deadAmong(Set<String> nodes) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime late = now.minus(LATE);
        Set<String> alive = new HashSet<>();
        jdbc.sql("select node_id, seen_at, machine, pid, process_start_ticks from engine_node where seen_at >= :since")
                .param("since", now.minus(SILENCE))
                .query(row -> {
                    String node = row.getString("node_id");
                    Long pid = row.getObject("pid", Long.class);
                    // a row of a version that did not write its process is judged by its heartbeat alone
                    NodeProcess itsProcess = pid == null ? null : new NodeProcess(row.getString("machine"), pid,
                            row.getObject("process_start_ticks", Long.class));
                    if (itsProcess != null && nodes.contains(node) && !node.equals(self)
                            && row.getObject("seen_at", OffsetDateTime.class).isBefore(late)
                            && process.seesEnded(itsProcess)) {
                        if (takenForDeadByProcess.add(node)) {
                            LOG.info("Node {} ran on this machine as process {}, which has ended: taken for dead"
                                    + " without waiting for its heartbeat's silence", node, pid);
                        }
                    } else {
                        alive.add(node);
                    }
                });
        alive.add(self);
        Set<String> dead = new HashSet<>(nodes);
        dead.removeAll(alive);
        return dead;
    }

    /** This node reached the PBX. Every originate says so: it takes no lock unless this changes the state. */
    public void reachedPbx() {
        if (pbxOutOfReachSince == null) {
            return;
        }
        synchronized (reach) {
            if (pbxOutOfReachSince != null) {
                LOG.info("Node {} reaches the PBX again (out of reach since {})", self, pbxOutOfReachSince);
                pbxOutOfReachSince = null;
                publishPbxReach(null);
            }
        }
    }

    /** This node's try to reach the PBX failed: the PBX or the connection to it is down. */
    public void missedPbx() {
        if (pbxOutOfReachSince != null) {
            return;
        }
        synchronized (reach) {
            if (pbxOutOfReachSince == null) {
                pbxOutOfReachSince = OffsetDateTime.now(clock);
                publishPbxReach(pbxOutOfReachSince);
            }
        }
    }

    /**
     * A node shutting down sends nothing more to the PBX: the others stop leaving dials to it now, not once its
     * heartbeat has been silent for {@link #SILENCE}.
     */
    @Override
    public void destroy() {
        synchronized (reach) {
            pbxOutOfReachSince = OffsetDateTime.now(clock);
            publishPbxReach(pbxOutOfReachSince);
        }
    }

    /** Since when this node has not reached the PBX; empty while it does. */
    public Optional<OffsetDateTime> pbxOutOfReachSince() {
        return Optional.ofNullable(pbxOutOfReachSince);
    }

    /** Whether a node other than this one was seen within this time and, at its last try, reached the PBX. */
    public boolean anotherNodeReachesThePbx(Duration seenWithin) {
        return jdbc.sql("""
                select count(*) from engine_node
                where node_id <> :self and seen_at >= :since and pbx_out_of_reach_since is null
                """)
                .param("self", self).param("since", OffsetDateTime.now(clock).minus(seenWithin)).query(Integer.class)
                .single() > 0;
    }

    /** Told at once, not only at the next heartbeat, which writes it again should this write fail. */
    private void publishPbxReach(OffsetDateTime outOfReachSince) {
        try {
            jdbc.sql("update engine_node set pbx_out_of_reach_since = :since where node_id = :node")
                    .param("since", outOfReachSince).param("node", self).update();
        } catch (RuntimeException e) {
            LOG.warn("Whether node {} reaches the PBX not written: {}", self, e.toString());
        }
    }
}
