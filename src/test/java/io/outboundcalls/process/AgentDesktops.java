package io.outboundcalls.process;

import com.fasterxml.jackson.databind.JsonNode;
import io.outboundcalls.support.Api;
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

/**
 * The agents' desktops of the benchmark: a few client threads, each serving its share of the agents in turn, ask
 * for the agent's open tasks and enter the result Success for each, as the agent, and note when the engine accepted
 * it.
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

    static AgentDesktops start(int port, List<Seat> seats, int threadCount, String callResultDetailId) {
        AgentDesktops desktops = new AgentDesktops(threadCount);
        for (int t = 0; t < threadCount; t++) {
            List<Seat> share = new ArrayList<>();
            for (int i = t; i < seats.size(); i += threadCount) {
                share.add(seats.get(i));
            }
            List<Api> apis = share.stream().map(seat -> Api.as(port, seat.login(), seat.password())).toList();
            desktops.threads.submit(() -> desktops.serve(share, apis, callResultDetailId));
        }
        return desktops;
    }

    private void serve(List<Seat> share, List<Api> apis, String callResultDetailId) {
        String body = "{\"callResultDetailId\":\"" + callResultDetailId + "\"}";
        while (working.get()) {
            boolean anyTask = false;
            for (int i = 0; i < share.size() && working.get(); i++) {
                try {
                    Api.Reply tasks = apis.get(i).get("/api/agent/tasks");
                    if (tasks.status() != 200) {
                        refused("GET tasks " + tasks.status());
                        continue;
                    }
                    for (JsonNode task : tasks.json()) {
                        anyTask = true;
                        Api.Reply result = apis.get(i).post("/api/agent/tasks/" + task.get("taskId").asText()
                                + "/result", body);
                        if (result.status() == 200) {
                            accepted.add(new AcceptedResult(share.get(i).agentId(),
                                    UUID.fromString(task.get("callId").asText()), Instant.now()));
                        } else {
                            refused("POST result " + result.status());
                        }
                    }
                } catch (RuntimeException e) {
                    refused(e.getClass().getSimpleName());
                }
            }
            if (!anyTask) {
                // a round with nothing to do: do not take the two cores from the engine by asking again at once
                pause(50);
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
