package io.outboundcalls.call;

import java.util.List;

/**
 * The answer of a CSV import. {@code rejected} lists the first {@link #MAX_LISTED} rejected rows in line order;
 * {@code rejectedCount} counts them all, so a file of a million bad rows does not make a response of a million
 * reasons.
 */
public record ImportReport(long imported, long duplicates, List<RejectedRow> rejected, long rejectedCount) {

    public static final int MAX_LISTED = 1000;
}
