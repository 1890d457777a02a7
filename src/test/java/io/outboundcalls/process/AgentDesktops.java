package io.outboundcalls.process;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
import io.outboundcalls.support.CpuTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/**
 * The agents' desktops of the benchmarks: a few client threads, each serving its share of the agents in turn, ask
 * for the agent's open tasks and enter the result Success for each, as the agent, and note when the engine accepted
 * it. A desktop outlives the engine node it talks to: a request that fails (the node is down, the answer was cut off)
 * is counted and the agent is served again in the next round, possibly by another node.
 */
final class AgentDesktops implements AutoCloseable {

    /** One result the engine accepted: whose, for which call, and when the 200 arrived. */
    record AcceptedResult(UUID agentId, UUID callId, Instant acceptedAt) {
    }

    /** An agent as the desktop logs in. */
    record Seat(UUID agentId, String login, String password) {
    }

    private final ExecutorService threads;
    private final AtomicBoolean working = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<AcceptedResult> accepted = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();

    private AgentDesktops(int threadCount) {
        threads = Executors.newFixedThreadPool(threadCount, CpuTime.clientThreads("desktop"));
    }

    /** Desktops that all talk to the engine on this port, each agent's asking once per {@code pollEvery}. */
    static AgentDesktops start(int port, List<Seat> seats, int threadCount, String callResultDetailId,
            Duration pollEvery) {
        return start(seat -> port, seats, threadCount, callResultDetailId, pollEvery);
    }

    /**
     * Desktops whose engine node may change while they work: {@code portOf} is asked before each agent's round, so a
     * drill can point them at a restarted node or spread the agents over several nodes. Each agent's desktop asks for
     * its tasks at most once per {@code pollEvery}.
     */
    static AgentDesktops start(ToIntFunction<Seat> portOf, List<Seat> seats, int threadCount,
            String callResultDetailId, Duration pollEvery) {
        AgentDesktops desktops = new AgentDesktops(threadCount);
        for (int t = 0; t < threadCount; t++) {
            List<Seat> share = new ArrayList<>();
            for (int i = t; i < seats.size(); i += threadCount) {
                share.add(seats.get(i));
            }
            desktops.threads.submit(() -> desktops.serve(share, portOf, callResultDetailId, pollEvery));
        }
        return desktops;
    }

    /**
     * Desktops that wait for their agent's next task ({@code GET /api/agent/tasks?waitSeconds=}) instead of polling:
     * a thread for each, which sleeps in its request while the agent has nothing to do.
     */
    static AgentDesktops startWaiting(int port, List<Seat> seats, String callResultDetailId, int waitSeconds) {
        AgentDesktops desktops = new AgentDesktops(seats.size());
        for (Seat seat : seats) {
            desktops.threads.submit(() -> desktops.serveWaiting(seat, port, callResultDetailId, waitSeconds));
        }
        return desktops;
    }

    private void serveWaiting(Seat seat, int port, String callResultDetailId, int waitSeconds) {
        String body = "{\"callResultDetailId\":\"" + callResultDetailId + "\"}";
        Api api = Api.as(port, seat.login(), seat.password());
        while (working.get()) {
            if (!workOpenTasks(seat, api, "/api/agent/tasks?waitSeconds=" + waitSeconds, body)) {
                pause(1000);
            }
        }
    }

    /** Each agent's desktop asks at most once per {@code pollEvery}, as a desktop polling its result bar does. */
    private void serve(List<Seat> share, ToIntFunction<Seat> portOf, String callResultDetailId,
            Duration pollEvery) {
        String body = "{\"callResultDetailId\":\"" + callResultDetailId + "\"}";
        long[] nextPoll = new long[share.size()];
        while (working.get()) {
            long now = System.nanoTime();
            long earliest = now + pollEvery.toNanos();
            for (int i = 0; i < share.size() && working.get(); i++) {
                if (nextPoll[i] - now > 0) {
                    earliest = Math.min(earliest, nextPoll[i]);
                    continue;
                }
                nextPoll[i] = System.nanoTime() + pollEvery.toNanos();
                Seat seat = share.get(i);
                // an Api is only a base URL and a header: cheap enough to build for each round on the current node
                Api api = Api.as(portOf.applyAsInt(seat), seat.login(), seat.password());
                workOpenTasks(seat, api, "/api/agent/tasks", body);
            }
            pause(Math.max(1, (earliest - System.nanoTime()) / 1_000_000));
        }
    }

    /** Enters Success for each task the agent has; false when the engine could not be asked. */
    private boolean workOpenTasks(Seat seat, Api api, String tasksPath, String body) {
        try {
            Api.Reply tasks = api.get(tasksPath);
            if (tasks.status() != 200) {
                refused("GET tasks " + tasks.status());
                return false;
            }
            for (JsonNode task : tasks.json()) {
                Api.Reply result = api.post("/api/agent/tasks/" + task.get("taskId").asText() + "/result", body);
                if (result.status() == 200) {
                    accepted.add(new AcceptedResult(seat.agentId(), UUID.fromString(task.get("callId").asText()),
                            Instant.now()));
                } else {
                    refused("POST result " + result.status());
                }
            }
            return true;
        } catch (RuntimeException e) {
            // Api wraps the client's IOException (ConnectException while a node is down): name the cause
            refused((e.getCause() != null ? e.getCause() : e).getClass().getSimpleName());
            return false;
        }
    }

    private void refused(String what) {
        refusals.computeIfAbsent(what, key -> new AtomicLong()).incrementAndGet();
    }

    List<AcceptedResult> accepted() {
        return List.copyOf(accepted);
    }

    long acceptedCount() {
        return accepted.size();
    }

    /** Answers other than 200, and client exceptions, by kind. */
    Map<String, AtomicLong> refusals() {
        return refusals;
    }

    @Override
    public void close() throws InterruptedException {
        working.set(false);
        threads.shutdown();
        if (!threads.awaitTermination(60, TimeUnit.SECONDS)) {
            threads.shutdownNow();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
