package io.outboundcalls.result;

import io.outboundcalls.call.CallLifecycle;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Desktops that wait for their agent's next task ({@code GET /api/agent/tasks?waitSeconds=n}) without holding a
 * request thread each: one query for all of them, every {@code outbound.agent.task-wait-check} (200 ms), answers those
 * whose agent has a task, on whichever node created it. 300 desktops polling once a second cost the engine more than
 * the calls they worked (docs/call-lifecycle.md); waiting, they cost five queries a second.
 */
@Component
class AgentTaskWaits {

    private static final Logger LOG = LoggerFactory.getLogger(AgentTaskWaits.class);

    private record Waiter(DeferredResult<Object> result, Supplier<Object> answer) {
    }

    private final CallLifecycle lifecycle;
    private final Map<String, Queue<Waiter>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "agent-task-waits");
        thread.setDaemon(true);
        return thread;
    });

    AgentTaskWaits(CallLifecycle lifecycle,
            @Value("${outbound.agent.task-wait-check:200ms}") Duration checkEvery) {
        this.lifecycle = lifecycle;
        checker.scheduleWithFixedDelay(this::answerReadyDesktops, checkEvery.toMillis(), checkEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * A result that {@code answer} completes as soon as the agent has a task, or that is {@code whenNone} after the
     * wait.
     */
    @SuppressWarnings("unchecked")
    <T> DeferredResult<T> await(String login, Duration wait, T whenNone, Supplier<T> answer) {
        DeferredResult<Object> result = new DeferredResult<>(wait.toMillis(), whenNone);
        Waiter waiter = new Waiter(result, (Supplier<Object>) answer);
        Queue<Waiter> queue = waiting.computeIfAbsent(login, key -> new ConcurrentLinkedQueue<>());
        queue.add(waiter);
        result.onCompletion(() -> queue.remove(waiter));
        return (DeferredResult<T>) result;
    }

    /** How many desktops of this login wait for an answer now. */
    int waiting(String login) {
        Queue<Waiter> queue = waiting.get(login);
        return queue == null ? 0 : queue.size();
    }

    private void answerReadyDesktops() {
        try {
            // a login's queue stays once made (one per agent): removing an empty one could orphan a waiter added
            // to it at the same moment
            List<String> logins = waiting.entrySet().stream().filter(entry -> !entry.getValue().isEmpty())
                    .map(Map.Entry::getKey).toList();
            if (logins.isEmpty()) {
                return;
            }
            Set<String> ready = lifecycle.withResultTasks(logins);
            for (String login : ready) {
                Queue<Waiter> queue = waiting.get(login);
                Waiter waiter;
                while (queue != null && (waiter = queue.poll()) != null) {
                    answer(waiter);
                }
            }
        } catch (RuntimeException e) {
            // the next check tries again; a desktop whose wait ends meanwhile gets its empty list and asks again
            LOG.warn("Could not check the waiting desktops' tasks: {}", e.toString());
        }
    }

    private static void answer(Waiter waiter) {
        try {
            waiter.result().setResult(waiter.answer().get());
        } catch (RuntimeException e) {
            waiter.result().setErrorResult(e);
        }
    }

    @PreDestroy
    void stop() {
        checker.shutdownNow();
    }
}
