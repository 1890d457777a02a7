package io.outboundcalls.process;

import java.util.Comparator;
import java.util.concurrent.Executor;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The threads that hand PBX events to their calls: in arrival order, except that work which frees an agent goes
 * first. Under load the queue holds seconds of events; a hang-up that an agent's result is waiting for must not wait
 * behind the answers of other calls, or the agent sits idle with a finished call on the screen.
 */
final class PbxEventWorkers {

    private static final int FIRST = 0;
    private static final int IN_TURN = 1;

    private record Queued(int priority, long order, Runnable work) implements Runnable {
        @Override
        public void run() {
            work.run();
        }
    }

    private final AtomicLong arrivals = new AtomicLong();
    private final ThreadPoolExecutor pool;

    PbxEventWorkers(int threads) {
        Comparator<Runnable> byPriorityThenArrival = Comparator
                .comparingInt((Runnable queued) -> ((Queued) queued).priority())
                .thenComparingLong(queued -> ((Queued) queued).order());
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new PriorityBlockingQueue<>(64, byPriorityThenArrival), runnable -> {
                    Thread thread = new Thread(runnable, "pbx-events");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Runs work after what was queued before it. */
    final Executor inTurn = work -> queue(IN_TURN, work);

    /** Runs work before everything queued in turn. */
    final Executor first = work -> queue(FIRST, work);

    private void queue(int priority, Runnable work) {
        pool.execute(new Queued(priority, arrivals.incrementAndGet(), work));
    }

    void shutdown() {
        pool.shutdown();
    }

    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }
}
