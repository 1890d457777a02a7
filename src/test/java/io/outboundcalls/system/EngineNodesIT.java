package io.outboundcalls.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboundcalls.support.Await;
import io.outboundcalls.support.RunningEngineTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * When a node takes another for dead: after the other's heartbeat has been silent for {@link EngineNodes#SILENCE}, or
 * once it is late by {@link EngineNodes#LATE} when the other ran on this machine and its process has ended, as after a
 * SIGKILL and a restart. The other nodes here are rows written as a node writes them, for processes this test starts
 * and ends.
 */
@RunningEngineTest
@EnabledOnOs(OS.LINUX) // the process namespace and zombie state are read from /proc
class EngineNodesIT {

    @Autowired
    EngineNodes nodes;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    OutboundProperties properties;

    private final List<String> written = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void removeTheOtherNodes() {
        written.forEach(node -> jdbc.sql("delete from engine_node where node_id = :node").param("node", node).update());
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void aNodeWhoseProcessOnThisMachineEndedIsDeadOnceItsHeartbeatIsLate() throws Exception {
        NodeProcess itsProcess = endedProcess();

        String node = nodeSeenLate("killed", itsProcess);

        assertThat(nodes.deadAmong(Set.of(node))).containsExactly(node);
    }

    @Test
    void aNodeStillWritingItsHeartbeatIsAliveWhateverThisNodeMakesOfItsProcess() throws Exception {
        NodeProcess itsProcess = endedProcess();

        String node = nodeSeen("beating", itsProcess, OffsetDateTime.now());

        assertThat(nodes.deadAmong(Set.of(node))).isEmpty();
    }

    @Test
    void aNodeWhoseProcessRunsIsAliveWhileItsHeartbeatIsFresh() throws Exception {
        Process running = start("sleep", "60");
        String node = nodeSeenLate("running", processOf(running.pid()));

        assertThat(nodes.deadAmong(Set.of(node))).isEmpty();
    }

    @Test
    void aNodeKilledButNotYetReapedByItsParentIsDead() throws Exception {
        // the shell's first child ends at once, and the shell, replaced by a sleep, never reaps it: a zombie
        Process parent = start("sh", "-c", "sleep 1 & echo $!; exec sleep 60");
        long zombie;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            zombie = Long.parseLong(out.readLine().trim());
        }
        NodeProcess itsProcess = processOf(zombie);
        Await.until("the child ended and left unreaped", Duration.ofSeconds(10), () -> NodeProcess.stat(zombie),
                stat -> stat instanceof NodeProcess.Stat.Read read && read.state() == 'Z');

        String node = nodeSeenLate("zombie", itsProcess);

        assertThat(nodes.deadAmong(Set.of(node))).containsExactly(node);
    }

    @Test
    void aNodeWhoseProcessIdNowBelongsToANewerProcessIsDead() throws Exception {
        Process newer = start("sleep", "60");
        NodeProcess earlier = new NodeProcess(NodeProcess.current().machine(), newer.pid(),
                processOf(newer.pid()).startTicks() - 1);

        String node = nodeSeenLate("pid-reused", earlier);

        assertThat(nodes.deadAmong(Set.of(node))).containsExactly(node);
    }

    @Test
    void aNodeOnAnotherMachineIsJudgedByItsHeartbeatAlone() throws Exception {
        NodeProcess onThisMachine = endedProcess();
        NodeProcess elsewhere = new NodeProcess("another boot pid:[4026531836]", onThisMachine.pid(),
                onThisMachine.startTicks());

        String late = nodeSeenLate("elsewhere", elsewhere);
        String silent = nodeSeen("elsewhere-silent", elsewhere, OffsetDateTime.now().minus(EngineNodes.SILENCE)
                .minusSeconds(1));

        assertThat(nodes.deadAmong(Set.of(late, silent))).containsExactly(silent);
    }

    @Test
    void aNodeThatDidNotWriteItsProcessIsJudgedByItsHeartbeatAlone() {
        String node = "without-process-" + System.nanoTime();
        written.add(node);
        jdbc.sql("""
                insert into engine_node (node_id, started_at, seen_at, pbx_out_of_reach_since)
                values (:node, :seenAt, :seenAt, :seenAt)
                """).param("node", node).param("seenAt", late()).update();

        assertThat(nodes.deadAmong(Set.of(node))).isEmpty();
    }

    @Test
    void anotherNodeOnThisMachineFindsThisNodesProcessRunning() {
        nodes.heartbeat();
        jdbc.sql("update engine_node set seen_at = :seenAt where node_id = :node")
                .param("seenAt", late()).param("node", nodes.self()).update();
        EngineNodes other = new EngineNodes(jdbc, new OutboundProperties(properties.defaultRegion(),
                properties.timeZone(), "other-" + System.nanoTime(), properties.distribution(),
                properties.postConditions(), properties.pbx()), Clock.systemUTC());

        assertThat(jdbc.sql("select pid from engine_node where node_id = :node").param("node", nodes.self())
                .query(Long.class).single()).isEqualTo(ProcessHandle.current().pid());
        assertThat(other.deadAmong(Set.of(nodes.self()))).isEmpty();
    }

    private Process start(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(process);
        return process;
    }

    /** A process of this machine, killed and reaped, as its node would have written it. */
    private NodeProcess endedProcess() throws Exception {
        Process killed = start("sleep", "60");
        NodeProcess itsProcess = processOf(killed.pid());
        killed.destroyForcibly().waitFor();
        return itsProcess;
    }

    private static NodeProcess processOf(long pid) {
        NodeProcess.Stat.Read stat = (NodeProcess.Stat.Read) NodeProcess.stat(pid);
        return new NodeProcess(NodeProcess.current().machine(), pid, stat.startTicks());
    }

    /** Seen last longer ago than {@link EngineNodes#LATE}, within {@link EngineNodes#SILENCE}. */
    private static OffsetDateTime late() {
        return OffsetDateTime.now().minus(EngineNodes.LATE).minusSeconds(1);
    }

    private String nodeSeenLate(String name, NodeProcess process) {
        return nodeSeen(name, process, late());
    }

    /** A row as a node's heartbeat writes it; it does not reach the PBX, so that no dial of the engine waits for it. */
    private String nodeSeen(String name, NodeProcess process, OffsetDateTime seenAt) {
        String node = name + "-" + System.nanoTime();
        written.add(node);
        jdbc.sql("""
                insert into engine_node (node_id, started_at, seen_at, pbx_out_of_reach_since, machine, pid,
                    process_start_ticks)
                values (:node, :seenAt, :seenAt, :seenAt, :machine, :pid, :processStartTicks)
                """)
                .param("node", node).param("seenAt", seenAt).param("machine", process.machine())
                .param("pid", process.pid()).param("processStartTicks", process.startTicks()).update();
        return node;
    }
}
