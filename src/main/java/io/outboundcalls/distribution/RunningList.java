package io.outboundcalls.distribution;

import java.time.LocalTime;
import java.util.UUID;

/** A Running outbound list as the cycle reads it: its project and its daily window (local time, either open). */
record RunningList(UUID id, UUID projectId, LocalTime timeFrom, LocalTime timeTo) {

    boolean isOpenAt(LocalTime now) {
        return DistributionConditions.inListWindow(timeFrom, timeTo, now);
    }
}
