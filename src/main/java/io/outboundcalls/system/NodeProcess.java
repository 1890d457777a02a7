package io.outboundcalls.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The operating-system process a node runs in, as a node on the same machine can check it: a node whose process has
 * ended need not be waited for until its heartbeat has been silent long enough. A node killed with SIGKILL and started
 * again on the same machine (under a new process id, so a new node) then takes over its predecessor's calls in its
 * start-up pass.
 *
 * @param machine the machine's boot and its process namespace: process ids mean the same only where both are equal
 *        (two containers on one host have namespaces of their own); null where the system does not tell them, or
 *        hides other processes ({@code /proc} mounted with {@code hidepid}), and then no node judges another by its
 *        process
 * @param startTicks when the process started, in the kernel's clock ticks since boot: the same for every reader on
 *        the machine, and untouched when the wall clock is set (a start time in wall-clock time is not)
 */
record NodeProcess(String machine, long pid, Long startTicks) {

    /** What {@code /proc/<pid>/stat} tells of a process. */
    sealed interface Stat {
        /** No process of that id: its {@code /proc} directory does not exist. */
        record Absent() implements Stat { }

        /** The process may exist, but its stat cannot be read: nothing can be told of it. */
        record Unreadable() implements Stat { }

        /** Its state letter ({@code Z}: ended, not yet reaped by its parent) and start. */
        record Read(char state, long startTicks) implements Stat { }
    }

    static NodeProcess current() {
        long pid = ProcessHandle.current().pid();
        String machine = thisMachine();
        return machine != null && stat(pid) instanceof Stat.Read read
                ? new NodeProcess(machine, pid, read.startTicks())
                : new NodeProcess(null, pid, null);
    }

    /**
     * Whether the process of another node, as that node wrote it, has certainly ended: it ran on this machine, in this
     * process namespace, and no process of its id runs now, or one that started later does, or it was killed and not
     * yet reaped by its parent (a zombie). Anything this node cannot check counts as not ended.
     */
    boolean seesEnded(NodeProcess other) {
        return seesEnded(other, NodeProcess::stat);
    }

    boolean seesEnded(NodeProcess other, LongFunction<Stat> proc) {
        if (machine == null || other.machine() == null || !machine.equals(other.machine())
                || other.startTicks() == null) {
            return false;
        }
        Stat stat = proc.apply(other.pid());
        if (stat instanceof Stat.Read read) {
            return read.startTicks() != other.startTicks() || read.state() == 'Z';
        }
        return stat instanceof Stat.Absent;
    }

    static Stat stat(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            return parse(Files.readString(stat));
        } catch (NoSuchFileException gone) {
            return Files.exists(stat.getParent()) ? new Stat.Unreadable() : new Stat.Absent();
        } catch (IOException | RuntimeException unreadable) {
            return new Stat.Unreadable();
        }
    }

    /** "pid (command) state ppid ...": the command may hold spaces and parentheses; the start is field 22. */
    static Stat parse(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0 || end + 2 >= stat.length()) {
            return new Stat.Unreadable();
        }
        String[] fields = stat.substring(end + 2).trim().split(" ");
        if (fields.length < 20) {
            return new Stat.Unreadable();
        }
        // fields[0] is field 3 (the state), so field 22 (the start time) is fields[19]
        return new Stat.Read(fields[0].charAt(0), Long.parseLong(fields[19]));
    }

    private static String thisMachine() {
        try {
            if (hidesProcesses(Files.readAllLines(Path.of("/proc/self/mountinfo")))) {
                return null;
            }
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
            String processNamespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            return boot.isEmpty() ? null : boot + " " + processNamespace;
        } catch (IOException | RuntimeException notLinux) {
            return null;
        }
    }

    /**
     * Whether {@code /proc} shows only some processes ({@code hidepid=1}, {@code 2}, {@code invisible},
     * {@code noaccess}, {@code ptraceable}, or {@code subset=pid}): another node's process would look absent there.
     */
    static boolean hidesProcesses(List<String> mountinfo) {
        for (String mount : mountinfo) {
            String[] parts = mount.split(" ");
            if (parts.length > 4 && parts[4].equals("/proc")) {
                int superOptions = mount.indexOf(" - ");
                for (String option : mount.substring(superOptions < 0 ? 0 : superOptions + 3).split("[ ,]")) {
                    if (option.startsWith("subset=")
                            || option.startsWith("hidepid=") && !option.equals("hidepid=0")
                                    && !option.equals("hidepid=off")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
