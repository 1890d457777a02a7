package io.outboundcalls.pbx;

/** Something the PBX reports about a call it originated. */
public record PbxEvent(String callReference, Type type) {

    /** The events the engine acts on. */
    public enum Type {
        /** The agent's extension did not pick up: the offer was not taken up. */
        AgentNoAnswer,
        CustomerAnswered,
        CustomerBusy,
        CustomerNoAnswer,
        /** The network could not reach the customer. */
        CallFailed,
        HungUp
    }
}
