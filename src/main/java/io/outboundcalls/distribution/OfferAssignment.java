package io.outboundcalls.distribution;

import io.outboundcalls.system.OutboundProperties;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * One batch of the cycle, in one short transaction: locks a few ready agents, reads the head of each Running list's
 * queue for each language these agents speak (and the calls predistributed to them), matches calls to agents and
 * writes the offers. What it reads grows with the number of agents in the batch and their languages, not with the
 * backlog, and a call that one of them can take is never hidden behind calls none of them can.
 */
@Component
class OfferAssignment {

    /**
     * Calls read beyond one per agent and language: a call can still be ruled out by its own project (a row written
     * by SQL may name another project than its list's).
     */
    static final int SLACK = 5;

    private static final Comparator<DueCall> BEST_FIRST = Comparator.comparingInt(DueCall::priority).reversed()
            .thenComparing(DueCall::scheduleTime).thenComparing(DueCall::id);

    private final DistributionRepository distribution;
    private final String node;

    OfferAssignment(DistributionRepository distribution, OutboundProperties properties) {
        this.distribution = distribution;
        this.node = properties.nodeId();
    }

    @Transactional
    public List<Offer> assign(List<UUID> agentIds, List<RunningList> runningLists, OffsetDateTime now, ZoneId zone,
            boolean unifiedQueue) {
        List<UUID> locked = distribution.lockFreeAgents(agentIds, now);
        if (locked.isEmpty()) {
            return List.of();
        }
        Map<UUID, ReadyAgent> free = new LinkedHashMap<>();
        for (ReadyAgent agent : distribution.readyAgents(locked, unifiedQueue)) {
            free.put(agent.id(), agent);
        }
        List<RunningList> open = runningLists.stream()
                .filter(list -> list.isOpenAt(now.atZoneSameInstant(zone).toLocalTime()))
                .toList();
        if (free.isEmpty() || open.isEmpty()) {
            return List.of();
        }
        List<Offer> offers = new ArrayList<>();

        // Calls predistributed to an agent come first for that agent (the seed's "Predist").
        List<DueCall> predistributed = distribution.lockPredistributedCalls(free.keySet(),
                open.stream().map(RunningList::id).toList(), now, free.size() * 2);
        for (DueCall call : predistributed) {
            ReadyAgent agent = free.get(call.agentId());
            if (agent != null && agent.canTake(call)) {
                offers.add(offer(call, agent));
                free.remove(agent.id());
            }
        }

        // Then the best due calls of every open list, by priority and schedule time, each to the longest-waiting
        // agent who can take it. Each list's queue is read per language a free skilled agent speaks (and for calls
        // without a language), so calls nobody here speaks never stand in front of calls somebody can take.
        List<DueCall> candidates = new ArrayList<>();
        for (RunningList list : open) {
            List<ReadyAgent> skilled = free.values().stream()
                    .filter(a -> a.projectIds().contains(list.projectId())).toList();
            if (skilled.isEmpty()) {
                continue;
            }
            candidates.addAll(distribution.lockDueCalls(list.id(), null, now, skilled.size() + SLACK));
            Map<UUID, Integer> speakers = new LinkedHashMap<>();
            for (ReadyAgent agent : skilled) {
                agent.languageIds().forEach(language -> speakers.merge(language, 1, Integer::sum));
            }
            speakers.forEach((language, count) ->
                    candidates.addAll(distribution.lockDueCalls(list.id(), language, now, count + SLACK)));
        }
        candidates.sort(BEST_FIRST);
        for (DueCall call : candidates) {
            if (free.isEmpty()) {
                break;
            }
            for (Iterator<ReadyAgent> it = free.values().iterator(); it.hasNext(); ) {
                ReadyAgent agent = it.next();
                if (agent.canTake(call)) {
                    offers.add(offer(call, agent));
                    it.remove();
                    break;
                }
            }
        }
        if (!offers.isEmpty()) {
            distribution.writeOffers(offers, node, now);
        }
        return offers;
    }

    private static Offer offer(DueCall call, ReadyAgent agent) {
        return new Offer(UUID.randomUUID(), call.id(), agent.id(), agent.login(), agent.workplaceId());
    }
}
