package io.outboundcalls.process;

import java.util.Locale;

/**
 * The lifecycle benchmark's figures against the goals of issue 10, one line each with its verdict, printed last: a
 * reader should not have to pick the goal's figure out of the run's many. The p99 gap over every result, for one, also
 * counts agents who finished while no call was queued and so waited for the next call to be posted, not for the
 * engine; the goal's gap is the one while a call waited for the agent.
 */
record IssueGoals(Lifecycle lifecycle, int importedRows, double startsPerSecond) {

    static final double CALLS_PER_SECOND = 60;
    static final double RATIO_TO_RAW = 0.10;
    static final double STARTS_PER_SECOND = 300;
    static final double GAP_P99_MILLIS = 2000;
    static final double HISTORY_BYTES = 8 * 1024;
    /** Lines that explain a goal's line start under its figure, past the verdict's column. */
    private static final String UNDER_THE_VERDICT = " ".repeat(13);

    /** What the measured round of calls showed; NaN where the round gave no figure. */
    record Lifecycle(int calls, long finished, boolean everyCallOnce, double callsPerSecond, double rawTxPerSecond,
            double cpuMillisPerCall, int cores, double gapP99WhileACallWaited, double gapP99AllResults,
            double gapP99FromAQueue, double historyBytesPerCall) {

        /** Seconds of CPU that the JVM and PostgreSQL used together per second of the round. */
        double busyCores() {
            return callsPerSecond * cpuMillisPerCall / 1000;
        }
    }

    void print() {
        Lifecycle run = lifecycle;
        System.out.println();
        System.out.println("== the goals of issue 10, in this run ==");
        line("calls finished end to end, each Finished/Success once", "\u2265 " + (int) CALLS_PER_SECOND + "/s",
                String.format(Locale.ROOT, "%.1f/s, %d of %d, %s", run.callsPerSecond(), run.finished(), run.calls(),
                        run.everyCallOnce() ? "every check OK" : "a check FAILED"),
                run.everyCallOnce() && run.callsPerSecond() >= CALLS_PER_SECOND);
        if (!Double.isNaN(run.busyCores())) {
            System.out.printf(Locale.ROOT, "%sthe JVM and PostgreSQL used %.2f s of CPU a second on %d cores"
                    + " (%.1f ms a call)%s%n", UNDER_THE_VERDICT, run.busyCores(), run.cores(), run.cpuMillisPerCall(),
                    run.busyCores() >= 0.9 * run.cores()
                            ? ": the cores were busy throughout, so the rate is what the CPU a call takes allows here"
                            : "");
        }
        double ratio = run.callsPerSecond() / run.rawTxPerSecond();
        line("ratio of the call rate to pgbench's raw rate", String.format(Locale.ROOT, "%.2f, the project's",
                RATIO_TO_RAW),
                String.format(Locale.ROOT, "%.4f (raw %.0f tx/s)", ratio, run.rawTxPerSecond()),
                ratio >= RATIO_TO_RAW);
        String starts = importedRows > 0 ? "process starts after a " + importedRows + "-row CSV import"
                : "process starts after a 100000-row CSV import";
        if (Double.isNaN(startsPerSecond)) {
            line(starts, "\u2265 " + (int) STARTS_PER_SECOND + "/s", "not run (bench.rows=0)", null);
        } else {
            line(starts, "\u2265 " + (int) STARTS_PER_SECOND + "/s", String.format(Locale.ROOT, "%.1f/s",
                    startsPerSecond), startsPerSecond >= STARTS_PER_SECOND);
        }
        // the queued round (phase 1b) is there for this goal; the posting round's figure, where it has one, counts too
        double gap = Double.isNaN(run.gapP99FromAQueue()) ? run.gapP99WhileACallWaited()
                : Double.isNaN(run.gapP99WhileACallWaited()) ? run.gapP99FromAQueue()
                : Math.max(run.gapP99FromAQueue(), run.gapP99WhileACallWaited());
        line("p99 gap from an accepted result to that agent's next offer, while a call waited for the agent",
                "\u2264 " + (int) (GAP_P99_MILLIS / 1000) + " s",
                Double.isNaN(gap) ? "no result met a waiting call" : String.format(Locale.ROOT,
                        "%s in phase 1b (calls queued first), %s in phase 1 (calls posted while the agents worked)",
                        millis(run.gapP99FromAQueue(), "not run"), millis(run.gapP99WhileACallWaited(),
                                "no result met a waiting call")),
                Double.isNaN(gap) ? null : gap <= GAP_P99_MILLIS);
        if (run.gapP99AllResults() > run.gapP99WhileACallWaited() || Double.isNaN(run.gapP99WhileACallWaited())) {
            System.out.printf(Locale.ROOT, "%sphase 1 over every result %.0f ms: an agent who finished while no call"
                    + " was queued waited for the next call to be posted, not for the engine%n", UNDER_THE_VERDICT,
                    run.gapP99AllResults());
        }
        line("history per finished call", "\u2264 8 KB", String.format(Locale.ROOT, "%.0f B",
                run.historyBytesPerCall()), run.historyBytesPerCall() <= HISTORY_BYTES);
    }

    private static String millis(double value, String whenNaN) {
        return Double.isNaN(value) ? whenNaN : Double.isInfinite(value) ? "a check FAILED"
                : String.format(Locale.ROOT, "%.0f ms", value);
    }

    /** One goal: what it is, its target, this run's figure and whether it was met (null: not measured). */
    private static void line(String goal, String target, String figure, Boolean met) {
        String verdict = met == null ? "NOT MEASURED" : met ? "MET" : "NOT MET";
        System.out.printf(Locale.ROOT, "%-12s %s (goal %s): %s%n", verdict, goal, target, figure);
    }
}
