package io.outboundcalls.process;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.springframework.stereotype.Component;

/**
 * A dial that could not reach the PBX in any of its tries, as an incident of the call's process instance (type
 * {@value #TYPE}, configuration the reference), so that Cockpit shows the operator which calls the outage hit. The call
 * itself does not wait for the operator: its attempt ended as lost, the agent's line is free and the call is back in
 * its queue (a private call ended Failed, and its instance with it). The incident ends when the call is offered
 * again ({@link SignalWaitCmd}); the operator may resolve it earlier once the PBX is back
 * ({@code DELETE /engine-rest/incident/{id}}) or cancel the call; each leaves the call in a clear state.
 */
@Component
class PbxDialIncident {

    static final String TYPE = "pbxUnreachable";

    private final RuntimeService runtimeService;

    PbxDialIncident(RuntimeService runtimeService) {
        this.runtimeService = runtimeService;
    }

    /** Raises the incident in the caller's transaction, on the activity the call's instance waits in, if it runs. */
    void raise(String processInstanceId, String reference, int tries) {
        ActivityInstance tree = runtimeService.getActivityInstance(processInstanceId);
        String execution = tree == null ? null : waitingExecution(tree);
        if (execution == null) {
            return; // the instance ended (a private call's lost attempt fails it): there is nothing to hold the incident
        }
        runtimeService.createIncident(TYPE, execution, reference,
                "The PBX was out of reach for dial " + reference + " in " + tries
                        + " tries; the attempt counts as lost and the call went back to its queue");
    }

    /** Camunda ties an incident to an execution in an activity: the first leaf of the instance's activity tree. */
    private static String waitingExecution(ActivityInstance instance) {
        for (ActivityInstance child : instance.getChildActivityInstances()) {
            String leaf = waitingExecution(child);
            if (leaf != null) {
                return leaf;
            }
        }
        boolean isLeaf = instance.getChildActivityInstances().length == 0
                && instance.getParentActivityInstanceId() != null;
        return isLeaf && instance.getExecutionIds().length > 0 ? instance.getExecutionIds()[0] : null;
    }
}
