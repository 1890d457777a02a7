package io.outboundcalls.process;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
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
        threads = Executors.newFixedThreadPool(threadCount);
    }

    /** Desktops that all talk to the engine on this port and ask again 50 ms after a round with nothing to do. */
    static AgentDesktops start(int port, List<Seat> seats, int threadCount, String callResultDetailId) {
        return start(seat -> port, seats, threadCount, callResultDetailId, Duration.ofMillis(50));
    }

    /**
     * Desktops whose engine node may change while they work: {@code portOf} is asked before each agent's round, so a
     * drill can point them at a restarted node or spread the agents over several nodes. {@code idlePause} is how long
     * a thread waits after a round with no task (or no node to talk to) before it asks again.
     */
    static AgentDesktops start(ToIntFunction<Seat> portOf, List<Seat> seats, int threadCount,
            String callResultDetailId, Duration idlePause) {
        AgentDesktops desktops = new AgentDesktops(threadCount);
        for (int t = 0; t < threadCount; t++) {
            List<Seat> share = new ArrayList<>();
            for (int i = t; i < seats.size(); i += threadCount) {
                share.add(seats.get(i));
            }
            desktops.threads.submit(() -> desktops.serve(share, portOf, callResultDetailId, idlePause));
        }
        return desktops;
    }

    private void serve(List<Seat> share, ToIntFunction<Seat> portOf, String callResultDetailId,
            Duration idlePause) {
        String body = "{\"callResultDetailId\":\"" + callResultDetailId + "\"}";
        while (working.get()) {
            boolean anyTask = false;
            for (int i = 0; i < share.size() && working.get(); i++) {
                Seat seat = share.get(i);
                // an Api is only a base URL and a header: cheap enough to build for each round on the current node
                Api api = Api.as(portOf.applyAsInt(seat), seat.login(), seat.password());
                try {
                    Api.Reply tasks = api.get("/api/agent/tasks");
                    if (tasks.status() != 200) {
                        refused("GET tasks " + tasks.status());
                        continue;
                    }
                    for (JsonNode task : tasks.json()) {
                        anyTask = true;
                        Api.Reply result = api.post("/api/agent/tasks/" + task.get("taskId").asText()
                                + "/result", body);
                        if (result.status() == 200) {
                            accepted.add(new AcceptedResult(seat.agentId(),
                                    UUID.fromString(task.get("callId").asText()), Instant.now()));
                        } else {
                            refused("POST result " + result.status());
                        }
                    }
                } catch (RuntimeException e) {
                    // Api wraps the client's IOException (ConnectException while a node is down): name the cause
                    refused((e.getCause() != null ? e.getCause() : e).getClass().getSimpleName());
                }
            }
            if (!anyTask) {
                // a round with nothing to do: do not take the two cores from the engine by asking again at once
                pause(idlePause.toMillis());
            }
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
