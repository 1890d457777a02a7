package io.outboundcalls.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A counter tagged with an outcome, registered for every outcome up front: each series is there from the start, at 0,
 * so that a rate or an alert on it has a series before the first event of its kind.
 */
public final class OutcomeCounter {

    private final String name;
    private final Map<String, Counter> byOutcome;

    public OutcomeCounter(MeterRegistry meters, String name, String description, List<String> outcomes) {
        this.name = name;
        this.byOutcome = outcomes.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                outcome -> Counter.builder(name).description(description).tag("outcome", outcome).register(meters)));
    }

    public void increment(String outcome) {
        increment(outcome, 1);
    }

    public void increment(String outcome, int times) {
        Counter counter = byOutcome.get(outcome);
        if (counter == null) {
            throw new IllegalArgumentException(name + " has no outcome " + outcome);
        }
        counter.increment(times);
    }
}
