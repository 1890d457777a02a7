package io.outboundcalls.process;

import java.util.UUID;

/**
 * A PBX reference read back: {@code callId:attempt} for the engine's dials. A bare call id (older dials) has no
 * attempt; anything else (an unlogged private call) has no call.
 */
record CallReference(UUID callId, Integer attempt) {

    static CallReference parse(String reference) {
        if (reference == null) {
            return new CallReference(null, null);
        }
        int colon = reference.lastIndexOf(':');
        try {
            if (colon < 0) {
                return new CallReference(UUID.fromString(reference), null);
            }
            return new CallReference(UUID.fromString(reference.substring(0, colon)),
                    Integer.valueOf(reference.substring(colon + 1)));
        } catch (IllegalArgumentException notOurs) {
            return new CallReference(null, null);
        }
    }
}
