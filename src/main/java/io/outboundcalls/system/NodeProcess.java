package io.outboundcalls.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The operating-system process a node runs in, as a node on the same machine can check it: a node whose process has
 * ended is dead now, not only once its heartbeat has been silent long enough. A node killed with SIGKILL and started
 * again on the same machine (under a new process id, so a new node) then takes over its predecessor's calls at its
 * first sweep.
 *
 * @param machine the machine's boot and its process namespace: process ids mean the same only where both are equal
 *        (two containers on one host have namespaces of their own); null where the system does not tell them (not
 *        Linux), and then no node judges another by its process
 */
public record NodeProcess(String machine, long pid, OffsetDateTime startedAt) {

    /**
     * Process start times as the system gives them have the precision of its clock ticks; two processes with one id
     * cannot start within this of each other.
     */
    private static final Duration SAME_START = Duration.ofSeconds(1);

    public static NodeProcess current() {
        ProcessHandle self = ProcessHandle.current();
        return new NodeProcess(thisMachine(), self.pid(),
                self.info().startInstant().map(start -> start.atOffset(ZoneOffset.UTC)).orElse(null));
    }

    /**
     * Whether the process of another node, as that node wrote it, has certainly ended: it ran on this machine, in
     * this process namespace, and no process of its id and start time runs now, or one does but was killed and not
     * yet reaped by its parent (a zombie). Anything this node cannot check counts as not ended.
     */
    public boolean seesEnded(NodeProcess other) {
        if (machine == null || other.machine() == null || !machine.equals(other.machine())
                || other.startedAt() == null) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(other.pid());
        if (process.isEmpty()) {
            return true;
        }
        Optional<Instant> start = process.get().info().startInstant();
        if (start.isPresent() && Duration.between(start.get(), other.startedAt().toInstant()).abs()
                .compareTo(SAME_START) > 0) {
            return true; // its id went to a process started since
        }
        return zombie(other.pid());
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (command) state ...", and the command may hold spaces and parentheses
            int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    private static String thisMachine() {
        try {
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
            String processNamespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            return boot.isEmpty() ? null : boot + " " + processNamespace;
        } catch (IOException | RuntimeException notLinux) {
            return null;
        }
    }
}
