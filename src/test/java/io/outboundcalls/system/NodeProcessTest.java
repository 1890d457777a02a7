package io.outboundcalls.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** How a node reads another node's process on its machine, from what {@code /proc/<pid>/stat} says of it. */
class NodeProcessTest {

    static final String MACHINE = "boot-1 pid:[4026531836]";
    static final NodeProcess SELF = new NodeProcess(MACHINE, 100, 5_000L);
    static final NodeProcess OTHER = new NodeProcess(MACHINE, 200, 7_000L);

    @Test
    void aProcessWhoseIdNoLongerExistsHasEnded() {
        assertThat(SELF.seesEnded(OTHER, pid -> new NodeProcess.Stat.Absent())).isTrue();
    }

    @Test
    void aProcessThatCannotBeReadIsNotTakenForEnded() {
        assertThat(SELF.seesEnded(OTHER, pid -> new NodeProcess.Stat.Unreadable())).isFalse();
    }

    @Test
    void theSameProcessRunningHasNotEnded() {
        assertThat(SELF.seesEnded(OTHER, running(7_000))).isFalse();
    }

    @Test
    void anIdTakenByAProcessStartedLaterMeansTheNodesProcessEnded() {
        assertThat(SELF.seesEnded(OTHER, running(7_001))).isTrue();
    }

    @Test
    void aKilledProcessNotYetReapedHasEnded() {
        assertThat(SELF.seesEnded(OTHER, pid -> new NodeProcess.Stat.Read('Z', 7_000))).isTrue();
    }

    @Test
    void aProcessOfAnotherMachineOrNamespaceIsNotJudged() {
        NodeProcess elsewhere = new NodeProcess("boot-1 pid:[4026532000]", 200, 7_000L);
        assertThat(SELF.seesEnded(elsewhere, pid -> new NodeProcess.Stat.Absent())).isFalse();
    }

    @Test
    void aNodeThatCannotTellItsMachineJudgesNoProcess() {
        NodeProcess unknown = new NodeProcess(null, 100, null);
        assertThat(unknown.seesEnded(OTHER, pid -> new NodeProcess.Stat.Absent())).isFalse();
        assertThat(SELF.seesEnded(new NodeProcess(MACHINE, 200, null), pid -> new NodeProcess.Stat.Absent()))
                .isFalse();
    }

    @Test
    void statIsReadPastACommandWithSpacesAndParentheses() {
        String stat = "4242 (java (my app)) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 30 0 987654 "
                + "123456 789 18446744073709551615";

        assertThat(NodeProcess.parse(stat)).isEqualTo(new NodeProcess.Stat.Read('S', 987654));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void thisProcessIsReadRunningWithTheStartItWrites() {
        NodeProcess current = NodeProcess.current();

        NodeProcess.Stat stat = NodeProcess.stat(current.pid());

        assertThat(stat).isInstanceOf(NodeProcess.Stat.Read.class);
        assertThat(((NodeProcess.Stat.Read) stat).startTicks()).isEqualTo(current.startTicks());
        assertThat(current.seesEnded(current)).isFalse();
    }

    @Test
    void aProcMountThatHidesProcessesTurnsTheCheckOff() {
        String plain = "22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw";
        String hidden = "22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw,hidepid=2";
        String invisible = "22 1 0:21 / /proc rw,relatime - proc proc rw,hidepid=invisible";
        String subset = "22 1 0:21 / /proc rw,relatime - proc proc rw,subset=pid";
        String off = "22 1 0:21 / /proc rw,relatime - proc proc rw,hidepid=0";
        String elsewhere = "30 22 0:40 / /srv/proc rw,relatime - proc proc rw,hidepid=2";

        assertThat(NodeProcess.hidesProcesses(List.of(plain))).isFalse();
        assertThat(NodeProcess.hidesProcesses(List.of(plain, hidden))).isTrue();
        assertThat(NodeProcess.hidesProcesses(List.of(invisible))).isTrue();
        assertThat(NodeProcess.hidesProcesses(List.of(subset))).isTrue();
        assertThat(NodeProcess.hidesProcesses(List.of(off))).isFalse();
        assertThat(NodeProcess.hidesProcesses(List.of(plain, elsewhere))).isFalse();
    }

    private static LongFunction<NodeProcess.Stat> running(long startTicks) {
        return pid -> new NodeProcess.Stat.Read('S', startTicks);
    }
}
