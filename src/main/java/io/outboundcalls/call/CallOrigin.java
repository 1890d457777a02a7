package io.outboundcalls.call;

/** How a call entered the engine, kept for reporting. */
public enum CallOrigin {
    Bar, Web, Editor, Api, Csv, Sql, LostShift, Ivr, Visitor
}
