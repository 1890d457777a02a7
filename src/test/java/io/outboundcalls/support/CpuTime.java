package io.outboundcalls.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM and by the local PostgreSQL server's processes, for a benchmark's "CPU per call":
 * on a machine whose cores are all busy, that, not the wall time, tells whether a change made a call cheaper.
 */
public record CpuTime(long jvmNanos, long postgresNanos) {

    private static final long CLOCK_TICKS_PER_SECOND = 100;

    public static CpuTime now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new CpuTime(jvm, postgresTicks() * (1_000_000_000L / CLOCK_TICKS_PER_SECOND));
    }

    public CpuTime since(CpuTime earlier) {
        return new CpuTime(jvmNanos - earlier.jvmNanos, postgresNanos - earlier.postgresNanos);
    }

    /** utime + stime of every process named postgres (Linux /proc); 0 where there is no /proc. */
    private static long postgresTicks() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(CpuTime::ticksIfPostgres).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long ticksIfPostgres(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            int close = stat.lastIndexOf(')');
            if (!stat.substring(stat.indexOf('(') + 1, close).startsWith("postgres")) {
                return 0;
            }
            String[] fields = stat.substring(close + 2).split(" ");
            // fields after the name: state is field 3 of stat(5), utime 14, stime 15
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended meanwhile
        }
    }
}
