package io.outboundcalls.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM, by those of its threads that are a benchmark's clients, and by the local PostgreSQL
 * server's processes, for a benchmark's "CPU per call": on a machine whose cores are all busy, that, not the wall
 * time, tells whether a change made a call cheaper, and the clients' share is CPU that a real desktop spends on its
 * own machine.
 */
public record CpuTime(long jvmNanos, long clientNanos, long postgresNanos) {

    private static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final long NANOS_PER_TICK = 1_000_000_000L / CLOCK_TICKS_PER_SECOND;

    /**
     * How the threads counted as clients are named: a benchmark's own (see {@link #clientThreads}) and the JDK's HTTP
     * client's (its selector and workers, whose CPU a request costs on the client's side). Linux keeps the first 15
     * characters of a thread's name, so the prefixes stay shorter.
     */
    private static final String CLIENT_THREAD_PREFIX = "bench-client-";
    private static final String JDK_HTTP_CLIENT_PREFIX = "HttpClient-";

    public static CpuTime now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new CpuTime(jvm, clientTicks() * NANOS_PER_TICK, postgresTicks() * NANOS_PER_TICK);
    }

    public CpuTime since(CpuTime earlier) {
        return new CpuTime(jvmNanos - earlier.jvmNanos, clientNanos - earlier.clientNanos,
                postgresNanos - earlier.postgresNanos);
    }

    /** Threads whose CPU counts as the clients': a benchmark's desktops and posting threads run on them. */
    public static ThreadFactory clientThreads(String role) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> new Thread(runnable, CLIENT_THREAD_PREFIX + role + "-" + count.incrementAndGet());
    }

    /** The JVM's CPU less its clients'. */
    public long engineNanos() {
        return jvmNanos - clientNanos;
    }

    /**
     * utime + stime of this JVM's client threads (Linux /proc/self/task); 0 where there is no /proc. A client thread
     * that ended meanwhile takes its time with it: a lower bound.
     */
    private static long clientTicks() {
        try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
            return threads.mapToLong(thread -> ticksIfNamed(thread, name -> name.startsWith(CLIENT_THREAD_PREFIX)
                    || name.startsWith(JDK_HTTP_CLIENT_PREFIX))).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** utime + stime of every process named postgres (Linux /proc); 0 where there is no /proc. */
    private static long postgresTicks() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(process -> ticksIfNamed(process, name -> name.startsWith("postgres"))).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** utime + stime of a process or thread of /proc whose name passes; 0 for any other. */
    private static long ticksIfNamed(Path process, Predicate<String> named) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            int close = stat.lastIndexOf(')');
            if (!named.test(stat.substring(stat.indexOf('(') + 1, close))) {
                return 0;
            }
            String[] fields = stat.substring(close + 2).split(" ");
            // fields after the name: state is field 3 of stat(5), utime 14, stime 15
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the process or thread ended meanwhile
        }
    }
}
