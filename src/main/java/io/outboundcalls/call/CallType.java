package io.outboundcalls.call;

/** The seed's call types: campaign (project) calls, private calls, Visitor records and callbacks. */
public enum CallType {
    Project, Private, Visitor, Callback
}
