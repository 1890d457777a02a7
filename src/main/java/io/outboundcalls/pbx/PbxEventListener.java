package io.outboundcalls.pbx;

/** Receives the events of every PBX adapter. */
public interface PbxEventListener {

    void onEvent(PbxEvent event);
}
