package io.outboundcalls.distribution;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The facts about a call waiting for an agent that the schedule post conditions decide on. */
public record WaitingCall(UUID id, long waitingSeconds, int priority, String project, String language,
        String callType, int offerCount, String origin, boolean predistributed) {

    /** The input names of the decision schedulePostConditions, as analysts use them in the table. */
    public static final List<String> DECISION_INPUTS = List.of("waitingSeconds", "priority", "project", "language",
            "callType", "offerCount", "origin", "predistributed");

    /** The inputs of the decision schedulePostConditions, by the names analysts use in the table. */
    public Map<String, Object> decisionInputs() {
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("waitingSeconds", waitingSeconds);
        inputs.put("priority", priority);
        inputs.put("project", project);
        inputs.put("language", language);
        inputs.put("callType", callType);
        inputs.put("offerCount", offerCount);
        inputs.put("origin", origin);
        inputs.put("predistributed", predistributed);
        return inputs;
    }
}
